package io.querylens.export;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

/** Reads a W3C {@code traceparent} value ({@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}). */
final class Traceparent {
    private Traceparent() {}

    /** The remote parent it names, or null when the value is missing or malformed. */
    static SpanContext parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        // version 00 is exactly 55 characters; a later version may append fields after another '-'
        if (v.length() < 55 || v.charAt(2) != '-' || v.charAt(35) != '-' || v.charAt(52) != '-'
                || (v.length() > 55 && (v.startsWith("00") || v.charAt(55) != '-'))) {
            return null;
        }
        String version = v.substring(0, 2);
        if (!isLowerHex(version) || version.equals("ff")) {
            return null;
        }
        String traceId = v.substring(3, 35);
        String spanId = v.substring(36, 52);
        String flags = v.substring(53, 55);
        if (!isLowerHex(traceId) || !isLowerHex(spanId) || !isLowerHex(flags)) {
            return null;
        }
        SpanContext c = SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.fromHex(flags, 0),
                TraceState.getDefault());
        return c.isValid() ? c : null;
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
