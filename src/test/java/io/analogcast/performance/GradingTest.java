package io.analogcast.performance;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class GradingTest {

    @Test
    void gradesFollowTheAverageAndP95Bands() {
        assertEquals("A", PerformanceService.grade(0.9, 4.9));
        assertEquals("B", PerformanceService.grade(1.0, 4.0), "avg 1 ms leaves A");
        assertEquals("B", PerformanceService.grade(0.5, 5.0), "p95 5 ms leaves A");
        assertEquals("C", PerformanceService.grade(4.0, 20.0));
        assertEquals("D", PerformanceService.grade(20.0, 30.0));
        assertEquals("F", PerformanceService.grade(10.0, 100.0));
        assertEquals("F", PerformanceService.grade(50.0, 60.0));
    }

    @Test
    void windowUsesNearestRankAndForgetsOldSamples() {
        LatencyWindow window = new LatencyWindow();
        long second = 1_000_000_000L;
        for (int i = 1; i <= 100; i++) {
            window.record(i * second / 100, i * 1_000_000L); // 1..100 ms within the first second
        }
        LatencyWindow.Snapshot s = window.snapshot(second, 10 * second);
        assertEquals(100, s.count());
        assertEquals(50.5, s.avgMs(), 1e-9);
        assertEquals(50, s.p50Ms(), 1e-9);
        assertEquals(95, s.p95Ms(), 1e-9);
        assertEquals(99, s.p99Ms(), 1e-9);
        assertEquals(100, s.maxMs(), 1e-9);
        // at 10.5 s, with a 10 s window, the samples recorded before 0.5 s are gone (0.5 s itself stays: 0.50..1.00)
        LatencyWindow.Snapshot later = window.snapshot(second / 2 + 10 * second, 10 * second);
        assertEquals(51, later.count());
        assertNull(window.snapshot(100 * second, 10 * second));
    }

    @Test
    void pathsFoldOntoKnownEndpoints() {
        assertEquals("/forecast", PerformanceMonitor.endpointOf("/forecast"));
        assertEquals("/forecast/batch", PerformanceMonitor.endpointOf("/forecast/batch"));
        assertEquals("/q/health", PerformanceMonitor.endpointOf("/q/health/ready"));
        assertEquals("/health/faiss", PerformanceMonitor.endpointOf("/health/faiss"));
        assertNull(PerformanceMonitor.endpointOf("/forecastx"));
        assertNull(PerformanceMonitor.endpointOf("/random/path"));
    }
}
