package io.querylens.sql;

/**
 * The fixed set of SQL keywords the normalizer upper-cases, looked up straight from a range of the input
 * without allocating: an open-addressing table keyed by an ASCII case-insensitive hash. Every other unquoted
 * word is an identifier and is lower-cased.
 *
 * <p>The set is deliberately small: words that steer the fast analysis (clauses, statement verbs) and common
 * clause words, so that differently cased spellings of the same statement normalize alike. A column that
 * happens to share a keyword's name ({@code key}, {@code first}) is upper-cased too; that is harmless, as it
 * is upper-cased the same way every time.
 */
final class SqlKeywords {
    static final int NONE = -1;

    private static final String[] WORDS = {
        // statement verbs, up to FROM (see isStatement)
        "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "CALL", "WITH", "UPSERT", "REPLACE", "VALUES",
        "TRUNCATE", "CREATE", "ALTER", "DROP", "EXEC", "EXECUTE", "SET", "SHOW", "BEGIN", "COMMIT",
        "ROLLBACK", "SAVEPOINT", "RELEASE", "DECLARE", "GRANT", "REVOKE", "LOCK", "EXPLAIN", "USE", "COPY",
        "DO", "VACUUM", "ANALYZE", "COMMENT", "START", "TABLE",
        // clauses and operators
        "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "NULL", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER",
        "FULL", "CROSS", "NATURAL", "LATERAL", "ON", "AS", "ORDER", "BY", "GROUP", "HAVING", "LIMIT",
        "OFFSET", "FETCH", "FIRST", "NEXT", "ROWS", "ROW", "ONLY", "TOP", "ROWNUM", "PERCENT", "TIES",
        "INTO", "DEFAULT", "USING", "WHEN", "MATCHED", "THEN", "UNION", "EXCEPT", "INTERSECT", "MINUS",
        "ALL", "ANY", "SOME", "DISTINCT", "EXISTS", "BETWEEN", "LIKE", "ILIKE", "SIMILAR", "ESCAPE", "CASE",
        "ELSE", "END", "ASC", "DESC", "NULLS", "LAST", "FOR", "OF", "NOWAIT", "SKIP", "LOCKED", "SHARE",
        "RETURNING", "RECURSIVE", "CONFLICT", "NOTHING", "DUPLICATE", "KEY", "IGNORE", "TRUE", "FALSE",
        "CAST", "INTERVAL", "OVER", "PARTITION", "WINDOW", "FILTER", "WITHIN", "COLLATE", "ARRAY",
    };

    /** Statement verbs come first in {@link #WORDS}: the first of them in a statement is its operation. */
    private static final int STATEMENT_COUNT = java.util.Arrays.asList(WORDS).indexOf("FROM");

    private static final int TABLE_SIZE = 1024;
    private static final String[] SLOTS = new String[TABLE_SIZE];
    private static final short[] IDS = new short[TABLE_SIZE];
    private static final int MAX_LENGTH;

    static {
        int max = 0;
        for (int id = 0; id < WORDS.length; id++) {
            String w = WORDS[id];
            max = Math.max(max, w.length());
            int slot = hash(w, 0, w.length()) & (TABLE_SIZE - 1);
            while (SLOTS[slot] != null) {
                if (SLOTS[slot].equals(w)) {
                    throw new IllegalStateException("duplicate keyword " + w);
                }
                slot = (slot + 1) & (TABLE_SIZE - 1);
            }
            SLOTS[slot] = w;
            IDS[slot] = (short) id;
        }
        MAX_LENGTH = max;
    }

    static final int SELECT = id("SELECT");
    static final int INSERT = id("INSERT");
    static final int UPDATE = id("UPDATE");
    static final int DELETE = id("DELETE");
    static final int MERGE = id("MERGE");
    static final int CALL = id("CALL");
    static final int WITH = id("WITH");
    static final int UPSERT = id("UPSERT");
    static final int REPLACE = id("REPLACE");
    static final int EXEC = id("EXEC");
    static final int EXECUTE = id("EXECUTE");
    static final int FROM = id("FROM");
    static final int JOIN = id("JOIN");
    static final int INTO = id("INTO");
    static final int USING = id("USING");
    static final int IN = id("IN");
    static final int VALUES = id("VALUES");
    static final int AS = id("AS");
    static final int ON = id("ON");
    static final int SET = id("SET");
    static final int WHERE = id("WHERE");
    static final int DISTINCT = id("DISTINCT");
    static final int ALL = id("ALL");
    static final int TOP = id("TOP");
    static final int LIMIT = id("LIMIT");
    static final int FETCH = id("FETCH");
    static final int FIRST = id("FIRST");
    static final int NEXT = id("NEXT");
    static final int ROWNUM = id("ROWNUM");
    static final int RECURSIVE = id("RECURSIVE");
    static final int ONLY = id("ONLY");
    static final int TRUNCATE = id("TRUNCATE");
    static final int TABLE = id("TABLE");
    static final int LATERAL = id("LATERAL");
    static final int END = id("END");
    static final int NULL = id("NULL");
    static final int TRUE = id("TRUE");
    static final int FALSE = id("FALSE");

    private SqlKeywords() {
    }

    /** The keyword's canonical (upper-case) spelling. */
    static String word(int id) {
        return WORDS[id];
    }

    static boolean isStatement(int id) {
        return id >= 0 && id < STATEMENT_COUNT;
    }

    /** The id of the keyword spelled by {@code s[start, end)} in any case, or {@link #NONE}; allocates nothing. */
    static int lookup(CharSequence s, int start, int end) {
        int len = end - start;
        if (len < 2 || len > MAX_LENGTH) {
            return NONE;
        }
        int slot = hash(s, start, end);
        if (slot < 0) {
            return NONE;
        }
        slot &= TABLE_SIZE - 1;
        for (String w; (w = SLOTS[slot]) != null; slot = (slot + 1) & (TABLE_SIZE - 1)) {
            if (w.length() == len && equalsIgnoreAsciiCase(w, s, start)) {
                return IDS[slot];
            }
        }
        return NONE;
    }

    /** A non-negative hash of the upper-cased ASCII letters, or -1 if a character cannot be in a keyword. */
    private static int hash(CharSequence s, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            } else if (c < 'A' || c > 'Z') {
                return -1;
            }
            h = h * 31 + c;
        }
        return (h ^ (h >>> 11)) & 0x7fffffff;
    }

    private static boolean equalsIgnoreAsciiCase(String upper, CharSequence s, int start) {
        for (int i = 0; i < upper.length(); i++) {
            char c = s.charAt(start + i);
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int id(String word) {
        int id = lookup(word, 0, word.length());
        if (id == NONE) {
            throw new IllegalStateException("not a keyword: " + word);
        }
        return id;
    }
}
