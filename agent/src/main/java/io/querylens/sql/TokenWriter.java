package io.querylens.sql;

/**
 * The writing half of {@link SqlNormalizer}: it appends tokens to the normalized text with canonical spacing,
 * collapses {@code IN (..)} lists and multi-row {@code VALUES} as their closing parenthesis arrives (by
 * cutting the text back, so every character is written and cut at most once), and feeds each token to the
 * {@link FastAnalysis}.
 *
 * <p>Spacing: one space between tokens, except none after {@code (}, {@code [}, {@code &#123;} or {@code .},
 * none before {@code ,}, {@code )}, {@code ]}, {@code &#125;}, {@code .} or {@code ;}, none around {@code ::},
 * and none between a name and its {@code (} (a function call or a column list).
 */
final class TokenWriter {
    static final int K_NONE = 0;
    static final int K_KEYWORD = 1;
    static final int K_IDENT = 2;
    static final int K_QUOTED = 3;
    static final int K_PARAM = 4;
    static final int K_OPEN = 5;
    static final int K_CLOSE = 6;
    static final int K_OPEN_BRACKET = 7;
    static final int K_CLOSE_BRACKET = 8;
    static final int K_OPEN_BRACE = 9;
    static final int K_CLOSE_BRACE = 10;
    static final int K_COMMA = 11;
    static final int K_DOT = 12;
    static final int K_SEMI = 13;
    static final int K_OP = 14;

    private final StringBuilder sb;
    private final FastAnalysis fast;

    private int prevKind = K_NONE;
    private int prevKw = SqlKeywords.NONE;
    private boolean prevCast;
    private int depth;
    private boolean pendingSemi;

    // IN (...) list being collapsed: the position after its '(' and of its first top-level comma
    private boolean inActive;
    private int inDepth;
    private int inStart;
    private int inFirstComma;
    private boolean inHasElement;
    private boolean inTuples;

    // multi-row VALUES: 0 none, 1 after VALUES, 2 in first row, 3 after a row, 4 after ',', 5 in a later row
    private int valuesState;
    private int valuesDepth;
    private int valuesCut;

    TokenWriter(int expectedLength) {
        // a little headroom: spacing around operators can make the text longer than the input
        this.sb = new StringBuilder(expectedLength + (expectedLength >> 4) + 16);
        this.fast = new FastAnalysis(sb);
    }

    String text() {
        return sb.toString();
    }

    SqlAnalysis analysis() {
        return fast.result();
    }

    /** The kind of the last token written, {@link #K_NONE} at first. */
    int prevKind() {
        return prevKind;
    }

    /** True when the last token can end an operand, so a following sign is a binary operator. */
    boolean operandBefore() {
        switch (prevKind) {
            case K_IDENT:
            case K_QUOTED:
            case K_PARAM:
            case K_CLOSE:
            case K_CLOSE_BRACKET:
            case K_CLOSE_BRACE:
                return true;
            case K_KEYWORD:
                return prevKw == SqlKeywords.END || prevKw == SqlKeywords.NULL || prevKw == SqlKeywords.TRUE
                        || prevKw == SqlKeywords.FALSE;
            default:
                return false;
        }
    }

    void keyword(int kw) {
        int start = begin(K_KEYWORD, false);
        sb.append(SqlKeywords.word(kw));
        end(K_KEYWORD, kw, start, false);
    }

    /** An unquoted identifier {@code src[from, to)}, lower-cased. */
    void identifier(String src, int from, int to) {
        int start = begin(K_IDENT, false);
        for (int k = from; k < to; k++) {
            char c = src.charAt(k);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c < 128 ? c : Character.toLowerCase(c));
        }
        end(K_IDENT, SqlKeywords.NONE, start, false);
    }

    /** A quoted identifier {@code src[from, to)}, as written. */
    void quoted(String src, int from, int to) {
        int start = begin(K_QUOTED, false);
        sb.append(src, from, to);
        end(K_QUOTED, SqlKeywords.NONE, start, false);
    }

    /** An operator {@code src[from, to)}; {@code cast} for {@code ::}. */
    void operator(String src, int from, int to, boolean cast) {
        int start = begin(K_OP, cast);
        sb.append(src, from, to);
        end(K_OP, SqlKeywords.NONE, start, cast);
    }

    /** One punctuation character of the given kind. */
    void punctuation(int kind, char c) {
        int start = begin(kind, false);
        sb.append(c);
        end(kind, SqlKeywords.NONE, start, false);
    }

    /** A {@code ;}: held back until another token follows, so trailing ones (and repeats) vanish. */
    void semicolon() {
        pendingSemi |= prevKind != K_NONE && prevKind != K_SEMI;
    }

    void param() {
        int start = begin(K_PARAM, false);
        sb.append('?');
        end(K_PARAM, SqlKeywords.NONE, start, false);
    }

    private void emitSemi() {
        pendingSemi = false;
        int start = begin(K_SEMI, false);
        sb.append(';');
        end(K_SEMI, SqlKeywords.NONE, start, false);
    }

    /** Flushes a held-back {@code ;}, writes the separating space, and returns where the token starts. */
    private int begin(int kind, boolean cast) {
        if (pendingSemi && kind != K_SEMI) {
            emitSemi();
        }
        if (needsSpace(kind, cast)) {
            sb.append(' ');
        }
        return sb.length();
    }

    private boolean needsSpace(int kind, boolean cast) {
        if (prevKind == K_NONE) {
            return false;
        }
        switch (kind) {
            case K_COMMA:
            case K_CLOSE:
            case K_CLOSE_BRACKET:
            case K_CLOSE_BRACE:
            case K_DOT:
            case K_SEMI:
                return false;
            default:
                break;
        }
        if (prevKind == K_OPEN || prevKind == K_OPEN_BRACKET || prevKind == K_OPEN_BRACE || prevKind == K_DOT
                || cast || prevCast) {
            return false;
        }
        if (kind == K_OPEN) {
            return prevKind != K_IDENT && prevKind != K_QUOTED;
        }
        if (kind == K_OPEN_BRACKET) {
            return prevKind == K_OP || prevKind == K_COMMA || prevKind == K_SEMI;
        }
        return true;
    }

    /** Bookkeeping after a token was appended at {@code start}: depth, fast analysis, list collapsing. */
    private void end(int kind, int kw, int start, boolean cast) {
        if (kind == K_OPEN) {
            depth++;
        } else if (kind == K_CLOSE && depth > 0) {
            depth--;
        }
        int tokenDepth = kind == K_OPEN ? depth - 1 : depth;
        fast.token(kind, kw, start, sb.length(), tokenDepth, prevKind);
        collapseInList(kind, kw, start, tokenDepth);
        collapseValues(kind, kw, tokenDepth);
        prevKind = kind;
        prevKw = kw;
        prevCast = cast;
    }

    private void collapseInList(int kind, int kw, int start, int tokenDepth) {
        if (inActive) {
            switch (kind) {
                case K_PARAM:
                    inHasElement = true;
                    break;
                case K_KEYWORD:
                    if (kw == SqlKeywords.NULL || kw == SqlKeywords.TRUE || kw == SqlKeywords.FALSE) {
                        inHasElement = true;
                    } else {
                        inActive = false;
                    }
                    break;
                case K_COMMA:
                    if (tokenDepth == inDepth && inFirstComma < 0) {
                        inFirstComma = start;
                    }
                    break;
                case K_OPEN:
                    inTuples = true;
                    break;
                case K_CLOSE:
                    if (tokenDepth == inDepth - 1) {
                        if (inHasElement && !inTuples) {
                            sb.setLength(inStart); // (1, NULL, 3) -> (?)
                            sb.append("?)");
                        } else if (inHasElement && inFirstComma >= inStart && inFirstComma <= start) {
                            sb.setLength(inFirstComma); // ((1, 2), (3, 4)) -> ((?, ?))
                            sb.append(')');
                        }
                        inActive = false;
                    }
                    break;
                default:
                    inActive = false;
            }
        }
        if (kind == K_OPEN && prevKind == K_KEYWORD && prevKw == SqlKeywords.IN) {
            inActive = true;
            inDepth = tokenDepth + 1;
            inStart = sb.length();
            inFirstComma = -1;
            inHasElement = false;
            inTuples = false;
        }
    }

    private void collapseValues(int kind, int kw, int tokenDepth) {
        switch (valuesState) {
            case 0:
                if (kind == K_KEYWORD && kw == SqlKeywords.VALUES) {
                    valuesState = 1;
                }
                break;
            case 1:
                valuesState = kind == K_OPEN ? 2 : 0;
                valuesDepth = tokenDepth;
                break;
            case 2:
            case 5:
                if (kind == K_CLOSE && tokenDepth == valuesDepth) {
                    if (valuesState == 5 && valuesCut <= sb.length()) {
                        sb.setLength(valuesCut);
                        if (inActive && inStart > valuesCut) {
                            inActive = false;
                        }
                    } else {
                        valuesCut = sb.length();
                    }
                    valuesState = 3;
                } else if (kind == K_SEMI) {
                    valuesState = 0;
                }
                break;
            case 3:
                valuesState = kind == K_COMMA ? 4 : 0;
                break;
            default: // 4
                valuesState = kind == K_OPEN && tokenDepth == valuesDepth ? 5 : 0;
                break;
        }
    }

}
