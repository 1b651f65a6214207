package io.querylens.demo.web;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A minimal JSON writer: the shop's responses are small and built by hand, in a fixed field order, so
 * that the same request always returns the same bytes.
 *
 * <pre>{@code
 * String body = Json.object().field("id", 7).beginArray("lines").value("a").endArray().endObject().toString();
 * }</pre>
 *
 * Money ({@link BigDecimal}) is written with two decimals whatever scale the database returned.
 */
public final class Json {
    private final StringBuilder out = new StringBuilder(256);
    /** True right after an opening bracket: the next element needs no comma. */
    private boolean first = true;

    private Json() {}

    /** Starts a document whose top level is an object. */
    public static Json object() {
        Json j = new Json();
        j.out.append('{');
        return j;
    }

    public Json field(String name, Object value) {
        name(name);
        write(value);
        return this;
    }

    public Json beginObject(String name) {
        name(name);
        return open('{');
    }

    /** Opens an object as the next element of the current array. */
    public Json beginObject() {
        comma();
        return open('{');
    }

    public Json endObject() {
        return close('}');
    }

    public Json beginArray(String name) {
        name(name);
        return open('[');
    }

    public Json endArray() {
        return close(']');
    }

    /** Appends {@code value} as the next element of the current array. */
    public Json value(Object value) {
        comma();
        write(value);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void name(String name) {
        comma();
        string(name);
        out.append(':');
    }

    private Json open(char bracket) {
        out.append(bracket);
        first = true;
        return this;
    }

    private Json close(char bracket) {
        out.append(bracket);
        first = false;
        return this;
    }

    private void comma() {
        if (!first) {
            out.append(',');
        }
        first = false;
    }

    private void write(Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof BigDecimal) {
            out.append(((BigDecimal) value).setScale(2, RoundingMode.HALF_UP).toPlainString());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            string(value.toString());
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
