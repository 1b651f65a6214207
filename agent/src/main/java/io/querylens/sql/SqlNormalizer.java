package io.querylens.sql;

import static io.querylens.sql.TokenWriter.K_CLOSE;
import static io.querylens.sql.TokenWriter.K_CLOSE_BRACE;
import static io.querylens.sql.TokenWriter.K_CLOSE_BRACKET;
import static io.querylens.sql.TokenWriter.K_COMMA;
import static io.querylens.sql.TokenWriter.K_DOT;
import static io.querylens.sql.TokenWriter.K_OPEN;
import static io.querylens.sql.TokenWriter.K_OPEN_BRACE;
import static io.querylens.sql.TokenWriter.K_OPEN_BRACKET;

/**
 * The fast pass: one linear scan of a statement that produces its normalized text, a stable 64-bit hash of
 * that text and a first, rough {@link SqlAnalysis}.
 *
 * <pre>{@code
 * SqlNormalizer.Result r = SqlNormalizer.normalize("select * from Orders where id in (1, 2, 3) -- hi");
 * r.normalized  // "SELECT * FROM orders WHERE id IN (?)"
 * r.analysis    // SELECT orders, selectStar
 * }</pre>
 *
 * <p>Normalization:
 * <ul>
 * <li>literals become {@code ?}: strings ({@code '..'} with {@code ''} and backslash escapes, {@code E'..'},
 *     {@code N'..'}, {@code U&'..'}, Oracle {@code q'[..]'}, PostgreSQL {@code $$..$$} and {@code $tag$..$tag$}),
 *     numbers (integers, decimals, exponents, a sign after an operator, {@code 0x..}), blobs and bit strings
 *     ({@code X'..'}, {@code B'..'}); booleans and {@code NULL} stay;</li>
 * <li>placeholders {@code ?}, {@code ?1}, {@code :name}, {@code :1} and {@code $1} become {@code ?};</li>
 * <li>{@code IN (..)} lists of literals and placeholders of any length become {@code IN (?)} (a list of row
 *     tuples keeps its first tuple), and multi-row {@code VALUES (..), (..)} keeps only its first row;</li>
 * <li>{@code --} and {@code /* *}{@code /} comments are dropped, a trailing {@code ;} too;</li>
 * <li>tokens are joined by single spaces, except none inside parentheses, before a comma, around a dot or
 *     {@code ::}, and between a function name and its {@code (};</li>
 * <li>keywords ({@link SqlKeywords}) are upper-cased, other unquoted words lower-cased; quoted identifiers
 *     ({@code "X"}, {@code `x`}, {@code [x]}) stay as written.</li>
 * </ul>
 *
 * <p>Robustness: never throws, and never recurses; unterminated strings and comments run to the end of the
 * text (an unterminated string or quoted identifier becomes {@code ?}, so no literal leaks), garbage comes
 * out as normalized garbage. Cost: one {@link StringBuilder}, sized once for the common case, plus the
 * result; it only runs on a fingerprint cache miss.
 *
 * <p>A plain string's backslash is taken as an escape (MySQL's default), so that {@code 'it\'s'} is one
 * literal; a PostgreSQL string ending in a backslash then swallows the rest of the statement into a
 * {@code ?}, which loses shape but never leaks text.
 */
public final class SqlNormalizer {
    /** Normalized text standing in for a statement the pass could not process (a bug, never expected). */
    static final String FAILED = "(unnormalized statement)";

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final int MAX_DOLLAR_TAG = 64;
    private static final int MAX_BRACKET_IDENT = 128;

    /** The outcome of one pass; created once per cache miss. */
    public static final class Result {
        public final String normalized;
        /** {@link #hash(CharSequence)} of {@link #normalized}. */
        public final long hash;
        /** The fast pass's analysis ({@link SqlAnalysis#parsed} is false). */
        public final SqlAnalysis analysis;

        Result(String normalized, long hash, SqlAnalysis analysis) {
            this.normalized = normalized;
            this.hash = hash;
            this.analysis = analysis;
        }

        @Override
        public String toString() {
            return Fingerprint.toHex(hash) + " " + normalized + " " + analysis;
        }
    }

    private final String src;
    private final int n;
    private final TokenWriter out;
    /** Set by {@link #skipString}. */
    private boolean terminated;

    private SqlNormalizer(String src) {
        this.src = src;
        this.n = src.length();
        this.out = new TokenWriter(n);
    }

    /** Normalizes {@code sql}; {@code null} is treated as empty. Never throws. */
    public static Result normalize(String sql) {
        String text = sql == null ? "" : sql;
        try {
            SqlNormalizer pass = new SqlNormalizer(text);
            pass.run();
            String normalized = pass.out.text();
            return new Result(normalized, hash(normalized), pass.out.analysis());
        } catch (RuntimeException e) {
            return new Result(FAILED, hash(FAILED), new SqlAnalysis(null, null, null, false, false, false));
        }
    }

    /**
     * FNV-1a 64 over the UTF-16 code units of {@code s} (for ASCII text the same as FNV-1a over its bytes):
     * stable across JVMs and runs, unlike {@link String#hashCode()}, and 64 bits wide.
     */
    public static long hash(CharSequence s) {
        long h = FNV_OFFSET;
        for (int i = 0, len = s.length(); i < len; i++) {
            h ^= s.charAt(i);
            h *= FNV_PRIME;
        }
        return h;
    }

    private void run() {
        int i = 0;
        while (i < n) {
            char c = src.charAt(i);
            char next = i + 1 < n ? src.charAt(i + 1) : 0;
            if (isSpace(c)) {
                i++;
            } else if (c == '-' && next == '-') {
                i = skipLine(i + 2);
            } else if (c == '/' && next == '*') {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'') {
                i = skipString(i + 1, '\'', true);
                out.param();
            } else if (c == '"' || c == '`') {
                i = quotedIdentifier(i, c);
            } else if (c == '[' && bracketIdentifier(i)) {
                i = quotedIdentifier(i, ']');
            } else if (isDigit(c) || (c == '.' && isDigit(next) && !out.operandBefore())) {
                i = number(i);
            } else if ((c == '-' || c == '+') && startsNumber(i + 1) && !out.operandBefore()) {
                i = number(i + 1);
            } else if (c == '?') {
                i = skipDigits(i + 1);
                out.param();
            } else if (c == ':') {
                i = colon(i, next);
            } else if (c == '$') {
                i = dollar(i, next);
            } else if (isWordStart(c) || ((c == '@' || c == '#') && (isWordStart(next) || next == '@'))) {
                i = word(i);
            } else {
                i = punctuation(i, c);
            }
        }
    }

    // ---- scanning

    private int word(int i) {
        int j = i + 1;
        while (j < n && isWordPart(src.charAt(j))) {
            j++;
        }
        if (j < n && src.charAt(j) == '\'') {
            char c = src.charAt(i);
            if (j - i == 1 && "xXbBnNeE".indexOf(c) >= 0) {
                int end = skipString(j + 1, '\'', true);
                out.param();
                return end;
            }
            if (j - i == 1 && (c == 'q' || c == 'Q') && j + 1 < n) {
                int end = skipOracleQuote(j + 1);
                out.param();
                return end;
            }
        }
        if (j - i == 1 && (src.charAt(i) == 'u' || src.charAt(i) == 'U') && j + 1 < n && src.charAt(j) == '&'
                && src.charAt(j + 1) == '\'') {
            int end = skipString(j + 2, '\'', true);
            out.param();
            return end;
        }
        boolean qualified = out.prevKind() == K_DOT || nextNonSpace(j) == '.';
        int kw = qualified ? SqlKeywords.NONE : SqlKeywords.lookup(src, i, j);
        if (kw != SqlKeywords.NONE) {
            out.keyword(kw);
        } else {
            out.identifier(src, i, j);
        }
        return j;
    }

    /** A number starting at {@code i} (after any sign): becomes {@code ?}, or a word if letters follow digits. */
    private int number(int i) {
        int j = i;
        if (src.charAt(j) == '0' && j + 2 < n && (src.charAt(j + 1) == 'x' || src.charAt(j + 1) == 'X')
                && isHex(src.charAt(j + 2))) {
            j += 2;
            while (j < n && isHex(src.charAt(j))) {
                j++;
            }
            out.param();
            return j;
        }
        j = skipDigits(j);
        boolean plain = true;
        if (j < n && src.charAt(j) == '.') {
            plain = false;
            j = skipDigits(j + 1);
        }
        if (j < n && (src.charAt(j) == 'e' || src.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (src.charAt(k) == '+' || src.charAt(k) == '-')) {
                k++;
            }
            if (k < n && isDigit(src.charAt(k))) {
                plain = false;
                j = skipDigits(k);
            }
        }
        if (plain && j < n && isWordStart(src.charAt(j)) && isDigit(src.charAt(i))) {
            return word(i); // MySQL allows identifiers such as 1st_table
        }
        out.param();
        return j;
    }

    private int colon(int i, char next) {
        if (next == ':' || next == '=') {
            out.operator(src, i, i + 2, next == ':');
            return i + 2;
        }
        if (isWordStart(next) || isDigit(next)) {
            int j = i + 1;
            while (j < n && isWordPart(src.charAt(j))) {
                j++;
            }
            out.param();
            return j;
        }
        return op(i, i + 1);
    }

    private int dollar(int i, char next) {
        if (isDigit(next)) {
            out.param();
            return skipDigits(i + 1);
        }
        int tagEnd = i + 1; // index of the closing '$' of the opening tag
        while (tagEnd < n && tagEnd - i <= MAX_DOLLAR_TAG && isTagPart(src.charAt(tagEnd), tagEnd == i + 1)) {
            tagEnd++;
        }
        if (tagEnd < n && src.charAt(tagEnd) == '$') {
            int tagLen = tagEnd - i + 1;
            int k = tagEnd + 1;
            int end = n;
            while (k < n) {
                int d = src.indexOf('$', k);
                if (d < 0) {
                    break;
                }
                if (d + tagLen <= n && src.regionMatches(d, src, i, tagLen)) {
                    end = d + tagLen;
                    break;
                }
                k = d + 1;
            }
            out.param();
            return end;
        }
        return word(i);
    }

    private int punctuation(int i, char c) {
        switch (c) {
            case '(':
                return single(K_OPEN, '(', i);
            case ')':
                return single(K_CLOSE, ')', i);
            case '[':
                return single(K_OPEN_BRACKET, '[', i);
            case ']':
                return single(K_CLOSE_BRACKET, ']', i);
            case '{':
                return single(K_OPEN_BRACE, '{', i);
            case '}':
                return single(K_CLOSE_BRACE, '}', i);
            case ',':
                return single(K_COMMA, ',', i);
            case '.':
                return single(K_DOT, '.', i);
            case ';':
                out.semicolon();
                return i + 1;
            default:
                int j = i + 1;
                while (j < n && isOpChar(src.charAt(j))) {
                    char d = src.charAt(j);
                    char after = j + 1 < n ? src.charAt(j + 1) : 0;
                    if ((d == '-' && after == '-') || (d == '/' && after == '*')
                            || ((d == '-' || d == '+') && startsNumber(j + 1))) {
                        break;
                    }
                    j++;
                }
                return op(i, j);
        }
    }

    private int single(int kind, char c, int i) {
        out.punctuation(kind, c);
        return i + 1;
    }

    private int op(int i, int j) {
        out.operator(src, i, j, false);
        return j;
    }

    private int quotedIdentifier(int i, char close) {
        int end = skipString(i + 1, close, false);
        if (!terminated || end == i + 2) {
            out.param(); // an unterminated quote may really be a string: never copy its text
            return end;
        }
        out.quoted(src, i, end);
        return end;
    }

    /** {@code [name]} is a SQL Server identifier unless it follows an operand (then it is a subscript). */
    private boolean bracketIdentifier(int i) {
        if (out.operandBefore()) {
            return false;
        }
        char first = i + 1 < n ? src.charAt(i + 1) : 0;
        if (!(isWordStart(first) || first == ' ' || first == '#' || first == '@')) {
            return false;
        }
        for (int j = i + 1, max = Math.min(n, i + MAX_BRACKET_IDENT); j < max; j++) {
            char c = src.charAt(j);
            if (c == ']') {
                return true;
            }
            if (c == '[' || c == '\'' || c == '"' || c == '(' || c == '\n') {
                return false;
            }
        }
        return false;
    }

    /**
     * Index after the literal whose body starts at {@code i} (a doubled quote escapes it), or the end of the
     * text if it is unterminated; {@link #terminated} tells which.
     */
    private int skipString(int i, char quote, boolean backslash) {
        int j = i;
        while (j < n) {
            char c = src.charAt(j);
            if (c == quote) {
                if (j + 1 < n && src.charAt(j + 1) == quote && quote != ']') {
                    j += 2;
                    continue;
                }
                terminated = true;
                return j + 1;
            }
            j += backslash && c == '\\' ? 2 : 1;
        }
        terminated = false;
        return n;
    }

    /** Oracle's {@code q'<delim>...<close>'}: {@code i} is at the delimiter. */
    private int skipOracleQuote(int i) {
        char open = src.charAt(i);
        char close = open == '[' ? ']' : open == '(' ? ')' : open == '{' ? '}' : open == '<' ? '>' : open;
        for (int j = i + 1; j + 1 < n; j++) {
            if (src.charAt(j) == close && src.charAt(j + 1) == '\'') {
                return j + 2;
            }
        }
        return n;
    }

    private int skipLine(int i) {
        while (i < n && src.charAt(i) != '\n' && src.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private int skipDigits(int i) {
        while (i < n && isDigit(src.charAt(i))) {
            i++;
        }
        return i;
    }

    private boolean startsNumber(int i) {
        if (i >= n) {
            return false;
        }
        char c = src.charAt(i);
        return isDigit(c) || (c == '.' && i + 1 < n && isDigit(src.charAt(i + 1)));
    }

    private char nextNonSpace(int i) {
        while (i < n && isSpace(src.charAt(i))) {
            i++;
        }
        return i < n ? src.charAt(i) : 0;
    }

    // ---- character classes

    static boolean isSpace(char c) {
        return c <= ' ' || (c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\ufeff'));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= 0x80 && !isSpace(c));
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c) || c == '$' || c == '#' || c == '@';
    }

    private static boolean isTagPart(char c, boolean first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!first && isDigit(c));
    }

    private static boolean isOpChar(char c) {
        return c < 128 && "+-*/%<>=!|&^~@#\\".indexOf(c) >= 0;
    }
}
