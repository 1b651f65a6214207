package io.querylens.export;

/**
 * A small streaming JSON writer (the agent carries no JSON library), indenting two spaces per level so the
 * report reads well in a terminal. Strings are escaped per RFC 8259: quote, backslash and control characters,
 * plus U+2028/U+2029 and unpaired surrogates as {@code \}{@code uXXXX} so the output is valid UTF-8 and safe to
 * embed in JavaScript. Non-finite numbers are written as {@code null}.
 *
 * <p>Usage: {@code w.beginObject().name("count").value(3).endObject(); w.toString()}. The caller nests
 * correctly; the writer only tracks where commas go.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder(4096);
    /** Per open container: has it an element yet. */
    private boolean[] hasElement = new boolean[16];
    private int depth;
    private boolean afterName;

    JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        push();
        return this;
    }

    JsonWriter endObject() {
        return close('}');
    }

    JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        push();
        return this;
    }

    JsonWriter endArray() {
        return close(']');
    }

    JsonWriter name(String name) {
        beforeValue();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    JsonWriter value(String s) {
        beforeValue();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    JsonWriter value(long n) {
        beforeValue();
        out.append(n);
        return this;
    }

    JsonWriter value(double d) {
        beforeValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d);
        } else {
            out.append(d);
        }
        return this;
    }

    JsonWriter value(boolean b) {
        beforeValue();
        out.append(b);
        return this;
    }

    JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** A value of any of the types the report uses: null, String, Boolean, an integral or a decimal Number. */
    JsonWriter value(Object o) {
        if (o == null) {
            return nullValue();
        }
        if (o instanceof Boolean) {
            return value(((Boolean) o).booleanValue());
        }
        if (o instanceof Double || o instanceof Float) {
            return value(((Number) o).doubleValue());
        }
        if (o instanceof Number) {
            return value(((Number) o).longValue());
        }
        return value(o.toString());
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void push() {
        if (depth == hasElement.length) {
            hasElement = java.util.Arrays.copyOf(hasElement, depth * 2);
        }
        hasElement[depth++] = false;
    }

    private JsonWriter close(char c) {
        boolean any = hasElement[--depth];
        if (any) {
            newline();
        }
        out.append(c);
        return this;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (hasElement[depth - 1]) {
                out.append(',');
            }
            hasElement[depth - 1] = true;
            newline();
        }
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        unicode(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicode(c);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private void unicode(char c) {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        for (int i = hex.length(); i < 4; i++) {
            out.append('0');
        }
        out.append(hex);
    }
}
