package io.querylens.sql;

import java.util.ArrayList;
import java.util.List;

import static io.querylens.sql.TokenWriter.K_CLOSE;
import static io.querylens.sql.TokenWriter.K_COMMA;
import static io.querylens.sql.TokenWriter.K_DOT;
import static io.querylens.sql.TokenWriter.K_IDENT;
import static io.querylens.sql.TokenWriter.K_KEYWORD;
import static io.querylens.sql.TokenWriter.K_OP;
import static io.querylens.sql.TokenWriter.K_OPEN;
import static io.querylens.sql.TokenWriter.K_PARAM;
import static io.querylens.sql.TokenWriter.K_QUOTED;
import static io.querylens.sql.TokenWriter.K_SEMI;

/**
 * The fast pass's best-effort analysis, fed the normalizer's tokens as they are written (so it costs no second
 * scan). It looks at the first statement only and knows a handful of patterns:
 * <ul>
 * <li>operation: the first statement verb; after {@code WITH}, the verb of the main statement (else
 *     {@code SELECT});</li>
 * <li>tables: names after {@code FROM} (and its comma list), {@code JOIN}, {@code INTO}, {@code USING} and
 *     after the verb of {@code UPDATE}/{@code INSERT}/{@code DELETE}/{@code MERGE}/{@code TRUNCATE}; not CTE names, not
 *     functions ({@code FROM generate_series(..)}), not a {@code FROM} inside a function call
 *     ({@code extract(YEAR FROM d)});</li>
 * <li>selectStar: {@code *} or {@code t.*} starting an item of the main select list;</li>
 * <li>hasLimit: {@code LIMIT}, {@code FETCH FIRST|NEXT}, {@code TOP} at the main statement's level, or
 *     {@code ROWNUM} anywhere.</li>
 * </ul>
 */
final class FastAnalysis {
    private static final int MAX_TABLES = 64;
    private static final int MAX_CTES = 32;

    // name expectation states
    private static final int E_NONE = 0;
    private static final int E_TABLE = 1;
    private static final int E_NAME = 2;
    private static final int E_NAME_DOT = 3;
    private static final int E_AFTER = 4;
    private static final int E_ALIAS = 5;
    private static final int E_AFTER_ALIAS = 6;

    private final CharSequence out;

    private boolean done;
    private boolean opDecided;
    private int opKw = SqlKeywords.NONE;
    private int mainDepth;

    private boolean withHeader;
    private int withDepth;
    private boolean expectCte;
    private final List<String> ctes = new ArrayList<>(2);

    private int expect = E_NONE;
    private boolean listContext;  // a comma continues the table list (FROM a, b)
    private boolean fromContext;  // a '(' after the name makes it a function (FROM f(..))
    private boolean procContext;  // the name is a procedure (CALL p(..))
    private int contextDepth;
    private int nameStart;
    private int nameEnd;
    private int nameDepth;
    private long functionParens; // bit d: the '(' opened at depth d is a function call's
    private long fromParens;     // bit d: the '(' opened at depth d is a derived table in a FROM list

    private int readDepth = -1;  // depth of the SELECT that the tables now being named are read by
    private final List<String> tables = new ArrayList<>(4);
    private final List<String> targets = new ArrayList<>(4);
    private final List<String> reads = new ArrayList<>(2);
    private String procedure;

    private boolean selectList;
    private boolean itemStart;
    private boolean topPending;
    private boolean fetchPending;
    private boolean selectStar;
    private boolean hasLimit;

    FastAnalysis(CharSequence out) {
        this.out = out;
    }

    /**
     * One token, already written to {@code out[start, end)}. {@code depth} is the parenthesis depth, for
     * {@code (} and {@code )} the depth outside them.
     */
    void token(int kind, int kw, int start, int end, int depth, int prevKind) {
        if (done) {
            return;
        }
        if (kind == K_SEMI && depth == 0) {
            names(kind, kw, start, end, depth);
            done = true;
            return;
        }
        if (!opDecided) {
            if (kind == K_KEYWORD && SqlKeywords.isStatement(kw)) {
                opDecided = true;
                opKw = kw;
                mainDepth = depth;
                if (kw == SqlKeywords.WITH) {
                    withHeader = true;
                    withDepth = depth;
                    expectCte = true;
                    return;
                }
                verb(kw, depth);
                return;
            }
            if (kind == K_IDENT || kind == K_QUOTED || kind == K_KEYWORD) {
                opDecided = true; // not a statement we know: no operation
            }
            return;
        }
        if (withHeader && depth == withDepth && header(kind, kw, start, end, depth)) {
            return;
        }
        boolean consumed = names(kind, kw, start, end, depth);
        parens(kind, prevKind, depth);
        if (!consumed && kind == K_KEYWORD) {
            keyword(kw, depth);
        }
        selectItems(kind, kw, start, end, depth, prevKind);
    }

    /** Tokens of a WITH clause at its own level: CTE names, until the main statement's verb. */
    private boolean header(int kind, int kw, int start, int end, int depth) {
        if ((kind == K_IDENT || kind == K_QUOTED) && expectCte) {
            if (ctes.size() < MAX_CTES) {
                ctes.add(Summaries.clean(out.subSequence(start, end).toString()));
            }
            expectCte = false;
            return true;
        }
        if (kind == K_COMMA) {
            expectCte = true;
            return true;
        }
        if (kind == K_KEYWORD && (kw == SqlKeywords.SELECT || kw == SqlKeywords.INSERT || kw == SqlKeywords.UPDATE
                || kw == SqlKeywords.DELETE || kw == SqlKeywords.MERGE || kw == SqlKeywords.VALUES)) {
            withHeader = false;
            opKw = kw;
            mainDepth = depth;
            verb(kw, depth);
            return true;
        }
        return kind == K_KEYWORD && kw == SqlKeywords.RECURSIVE;
    }

    /** The main statement's verb. */
    private void verb(int kw, int depth) {
        if (kw == SqlKeywords.SELECT) {
            selectList = true;
            itemStart = true;
        } else if (kw == SqlKeywords.INSERT || kw == SqlKeywords.UPDATE || kw == SqlKeywords.DELETE
                || kw == SqlKeywords.MERGE || kw == SqlKeywords.UPSERT || kw == SqlKeywords.REPLACE
                || kw == SqlKeywords.TRUNCATE) {
            expectName(false, false, false, depth);
        } else if (kw == SqlKeywords.CALL || kw == SqlKeywords.EXEC || kw == SqlKeywords.EXECUTE) {
            expectName(false, false, true, depth);
        }
    }

    private void keyword(int kw, int depth) {
        if (kw == SqlKeywords.FROM) {
            if (!bit(functionParens, depth - 1)) {
                expectName(true, true, false, depth);
            }
            if (depth == mainDepth) {
                selectList = false;
            }
        } else if (kw == SqlKeywords.JOIN || kw == SqlKeywords.USING) {
            expectName(false, true, false, depth);
        } else if (kw == SqlKeywords.INTO) {
            expectName(false, false, false, depth);
        } else if (kw == SqlKeywords.SELECT) {
            if (readDepth < 0 && opKw != SqlKeywords.SELECT) {
                readDepth = depth;
            }
            if (depth == mainDepth && opKw == SqlKeywords.SELECT) {
                selectList = true; // a UNION's next SELECT
                itemStart = true;
            }
        } else if (kw == SqlKeywords.ROWNUM) {
            hasLimit = true;
        } else if (depth == mainDepth) {
            if (kw == SqlKeywords.LIMIT || (kw == SqlKeywords.TOP && selectList)) {
                hasLimit = true;
            } else if (kw == SqlKeywords.FETCH) {
                fetchPending = true;
                return;
            } else if (fetchPending && (kw == SqlKeywords.FIRST || kw == SqlKeywords.NEXT)) {
                hasLimit = true;
            }
        }
        fetchPending = false;
    }

    private void parens(int kind, int prevKind, int depth) {
        if (kind == K_OPEN) {
            functionParens = set(functionParens, depth, prevKind == K_IDENT || prevKind == K_QUOTED);
        } else if (kind == K_CLOSE) {
            if (readDepth > depth) {
                readDepth = -1;
            }
            if (bit(fromParens, depth)) {
                fromParens = set(fromParens, depth, false);
                expect = E_AFTER; // after a derived table: an alias, then maybe ", next_table"
                listContext = true;
                fromContext = true;
                procContext = false;
                contextDepth = depth;
            }
        }
    }

    /** Select-list items at the main level: is one of them {@code *} or {@code t.*}? */
    private void selectItems(int kind, int kw, int start, int end, int depth, int prevKind) {
        if (!selectList) {
            return;
        }
        boolean star = kind == K_OP && end - start == 1 && out.charAt(start) == '*';
        if (star && depth == mainDepth && (itemStart || prevKind == K_DOT)) {
            selectStar = true;
        }
        if (depth != mainDepth) {
            return;
        }
        if (kind == K_COMMA || (kind == K_KEYWORD && (kw == SqlKeywords.SELECT || kw == SqlKeywords.DISTINCT
                || kw == SqlKeywords.ALL))) {
            itemStart = true;
        } else if (kind == K_KEYWORD && kw == SqlKeywords.TOP) {
            topPending = true;
        } else if (topPending && (kind == K_PARAM || kind == K_CLOSE)) {
            topPending = false;
        } else if (!(topPending && kind == K_OPEN)) {
            itemStart = false;
            topPending = false;
        }
    }

    private void expectName(boolean list, boolean from, boolean proc, int depth) {
        expect = E_TABLE;
        listContext = list;
        fromContext = from;
        procContext = proc;
        contextDepth = depth;
    }

    /** The table-name state machine; true if it consumed the token. */
    private boolean names(int kind, int kw, int start, int end, int depth) {
        switch (expect) {
            case E_TABLE:
                if (kind == K_IDENT || kind == K_QUOTED) {
                    nameStart = start;
                    nameEnd = end;
                    nameDepth = depth;
                    expect = E_NAME;
                    return true;
                }
                if (kind == K_KEYWORD
                        && (kw == SqlKeywords.ONLY || kw == SqlKeywords.LATERAL || kw == SqlKeywords.TABLE)) {
                    return true; // FROM ONLY t, JOIN LATERAL .., TRUNCATE TABLE t
                }
                if (kind == K_OPEN && listContext) {
                    fromParens = set(fromParens, depth, true);
                }
                expect = E_NONE;
                return false;
            case E_NAME:
                if (kind == K_DOT) {
                    expect = E_NAME_DOT;
                    return true;
                }
                if (kind == K_OPEN && fromContext) {
                    if (listContext) {
                        fromParens = set(fromParens, depth, true); // its alias and ", next" follow the ')'
                    }
                    expect = E_NONE; // a table function, not a table
                    return false;
                }
                commit();
                return after(kind, kw, depth);
            case E_NAME_DOT:
                if (kind == K_IDENT || kind == K_QUOTED || kind == K_KEYWORD) {
                    nameEnd = end;
                    expect = E_NAME;
                    return true;
                }
                commit();
                return after(kind, kw, depth);
            case E_AFTER:
                return after(kind, kw, depth);
            case E_ALIAS:
                if (kind == K_IDENT || kind == K_QUOTED) {
                    expect = E_AFTER_ALIAS;
                    return true;
                }
                expect = E_NONE;
                return false;
            case E_AFTER_ALIAS:
                if (kind == K_COMMA && listContext && depth == contextDepth) {
                    expect = E_TABLE;
                    return true;
                }
                expect = E_NONE;
                return false;
            default:
                return false;
        }
    }

    private boolean after(int kind, int kw, int depth) {
        if (procContext) {
            expect = E_NONE;
            return false;
        }
        if (kind == K_KEYWORD && kw == SqlKeywords.AS) {
            expect = E_ALIAS;
            return true;
        }
        if (kind == K_IDENT || kind == K_QUOTED) {
            expect = E_AFTER_ALIAS;
            return true;
        }
        if (kind == K_COMMA && listContext && depth == contextDepth) {
            expect = E_TABLE;
            return true;
        }
        expect = E_NONE;
        return false;
    }

    private void commit() {
        if (tables.size() >= MAX_TABLES && !procContext) {
            return;
        }
        String name = Summaries.clean(out.subSequence(nameStart, nameEnd).toString());
        if (procContext) {
            if (procedure == null) {
                procedure = name;
            }
            return;
        }
        if (tables.contains(name) || ctes.contains(name)) {
            return;
        }
        tables.add(name);
        boolean read = withHeader || (readDepth >= 0 && nameDepth >= readDepth);
        (read ? reads : targets).add(name);
    }

    SqlAnalysis result() {
        if (expect == E_NAME || expect == E_NAME_DOT) {
            commit();
        }
        String operation = null;
        if (opKw != SqlKeywords.NONE) {
            operation = SqlKeywords.word(opKw == SqlKeywords.WITH ? SqlKeywords.SELECT : opKw);
        }
        boolean select = opKw == SqlKeywords.SELECT || opKw == SqlKeywords.WITH;
        String summary;
        if (select) {
            summary = Summaries.of(operation, tables, new ArrayList<>());
        } else if (procedure != null) {
            List<String> proc = new ArrayList<>(1);
            proc.add(procedure);
            summary = Summaries.of(operation, proc, new ArrayList<>());
        } else {
            summary = Summaries.of(operation, targets, reads);
        }
        return new SqlAnalysis(operation, new ArrayList<>(tables), summary, select && selectStar, hasLimit, false);
    }

    private static boolean bit(long mask, int depth) {
        return depth >= 0 && depth < 64 && (mask & (1L << depth)) != 0;
    }

    private static long set(long mask, int depth, boolean on) {
        if (depth < 0 || depth >= 64) {
            return mask;
        }
        return on ? mask | (1L << depth) : mask & ~(1L << depth);
    }
}
