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
    void windowKeepsEveryRequestWithinOnePercentAndForgetsWholeSlices() {
        long second = 1_000_000_000L;
        LatencyWindow window = new LatencyWindow(10 * second); // ten slices of one second
        for (int i = 0; i < 100_000; i++) {
            window.record(i * second / 100_000, (i % 100 + 1) * 1_000_000L); // 1..100 ms, 100,000 in the first second
        }
        LatencyWindow.Snapshot s = window.snapshot(second / 2);
        assertEquals(100_000, s.count(), "every request of the window");
        assertEquals(50.5, s.avgMs(), 0.5);
        assertEquals(50, s.p50Ms(), 0.5);
        assertEquals(95, s.p95Ms(), 1);
        assertEquals(99, s.p99Ms(), 1);
        assertEquals(100, s.maxMs(), 1);
        window.record(5 * second, 7_000_000L);
        assertEquals(100_001, window.snapshot(9 * second).count(), "slices 0 to 9 are in the window at 9 s");
        assertEquals(1, window.snapshot(10 * second).count(), "at 10 s slice 0 has left; 5 s stays");
        assertNull(window.snapshot(100 * second));
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
