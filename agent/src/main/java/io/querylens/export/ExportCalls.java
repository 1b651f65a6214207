package io.querylens.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Runs an exporter call so that a thrown exception becomes a failed result, and observes the outcome. */
final class ExportCalls {
    private ExportCalls() {}

    static CompletableResultCode observe(Supplier<CompletableResultCode> call, Consumer<Boolean> onDone) {
        CompletableResultCode result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            result = CompletableResultCode.ofExceptionalFailure(e);
        }
        CompletableResultCode r = result;
        r.whenComplete(() -> onDone.accept(r.isSuccess()));
        return r;
    }
}
