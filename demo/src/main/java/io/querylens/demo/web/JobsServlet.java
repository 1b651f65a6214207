package io.querylens.demo.web;

import io.querylens.demo.shop.NightlyReportJob;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code POST /jobs/nightly-report}: runs the report on its background thread and waits for it. */
public final class JobsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient NightlyReportJob nightlyReport;

    public JobsServlet(NightlyReportJob nightlyReport) {
        this.nightlyReport = nightlyReport;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("/nightly-report".equals(subPath(req))) {
            respond(req, resp, nightlyReport::runAndWait);
        } else {
            notFound(req, resp);
        }
    }
}
