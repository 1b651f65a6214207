package io.querylens.detect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowlistTest {
    private static final CallSite REPORT = new CallSite("com.shop.Report", "totals", "Report.java", 42);

    @Test
    void aTypeAloneIsAcceptedEverywhere() {
        Allowlist a = new Allowlist(List.of("SLOW_QUERY"));
        assertTrue(a.allows("SLOW_QUERY", "00000000000000aa"));
        assertTrue(a.allows("SLOW_QUERY", null));
        assertFalse(a.allows("N_PLUS_ONE", "00000000000000aa"));
    }

    @Test
    void aFingerprintIsAcceptedForEveryTypeOrForOne() {
        Allowlist a = new Allowlist(List.of("3F2A9C0D11E4B7A8", "DUPLICATE_QUERY:00000000000000bb"));
        assertTrue(a.allows("N_PLUS_ONE", "3f2a9c0d11e4b7a8"));
        assertTrue(a.allows("DUPLICATE_QUERY", "00000000000000bb"));
        assertFalse(a.allows("N_PLUS_ONE", "00000000000000bb"));
        assertFalse(a.allows("N_PLUS_ONE", null));
    }

    @Test
    void aCallSiteIsAcceptedByMethodLineClassOrPackage() {
        assertTrue(new Allowlist(List.of("com.shop.Report#totals")).allowsCallSite("N_PLUS_ONE", REPORT));
        assertFalse(new Allowlist(List.of("com.shop.Report#other")).allowsCallSite("N_PLUS_ONE", REPORT));
        assertTrue(new Allowlist(List.of("com.shop.Report:42")).allowsCallSite("N_PLUS_ONE", REPORT));
        assertFalse(new Allowlist(List.of("com.shop.Report:43")).allowsCallSite("N_PLUS_ONE", REPORT));
        assertTrue(new Allowlist(List.of("com.shop.Report")).allowsCallSite("N_PLUS_ONE", REPORT));
        assertTrue(new Allowlist(List.of("com.shop.*")).allowsCallSite("N_PLUS_ONE", REPORT));
        assertFalse(new Allowlist(List.of("com.shopping.*")).allowsCallSite("N_PLUS_ONE", REPORT));
    }

    @Test
    void aCallSiteEntryMayBeLimitedToOneType() {
        Allowlist a = new Allowlist(List.of("N_PLUS_ONE:com.shop.Report#totals"));
        assertTrue(a.allowsCallSite("N_PLUS_ONE", REPORT));
        assertFalse(a.allowsCallSite("SLOW_QUERY", REPORT));
        assertFalse(a.allows("N_PLUS_ONE", "00000000000000aa")); // no stack-free match
        assertTrue(a.hasCallSiteEntries());
    }

    @Test
    void entriesThatMeanNothingAreIgnored() {
        Allowlist a = new Allowlist(List.of("not an entry", ""));
        assertTrue(a.isEmpty());
    }
}
