package io.analogcast.forecast;

import io.analogcast.analog.Horizon;
import io.analogcast.variable.Variable;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The method's fingerprint, part of every cached forecast's key, names its settings and nothing else. */
class AnalogMethodTest {

    private static final Horizon H6 = new Horizon(6);
    private static final Horizon H48 = new Horizon(48);

    private static AnalogMethod method(List<Horizon> order, double weight48, double spread48) {
        Map<Horizon, Double> weights = new LinkedHashMap<>();
        Set<Horizon> tendencies = new LinkedHashSet<>();
        for (Horizon h : order) { // the same settings, listed in another order
            weights.put(h, h.equals(H48) ? weight48 : 0.5);
            tendencies.add(h);
        }
        return new AnalogMethod("inverse-distance", Map.of(H48, 6), tendencies, Set.of(Variable.T2M, Variable.PM25),
                weights, Map.of(Variable.T2M, Map.of(H48, spread48)));
    }

    @Test
    void equalSettingsGiveOneFingerprintWhateverTheirOrder() {
        assertEquals(method(List.of(H6, H48), 1.0, 0.9).fingerprint(),
                method(List.of(H48, H6), 1.0, 0.9).fingerprint());
    }

    @Test
    void anotherAnchorWeightOrSpreadGivesAnotherFingerprint() {
        String shipped = method(List.of(H6, H48), 1.0, 0.9).fingerprint();
        assertNotEquals(shipped, method(List.of(H6, H48), 0.5, 0.9).fingerprint());
        assertNotEquals(shipped, method(List.of(H6, H48), 1.0, 1.0).fingerprint());
        assertNotEquals(shipped, new AnalogMethod("uniform", Map.of(H48, 6), Set.of(H6, H48),
                Set.of(Variable.T2M, Variable.PM25), Map.of(H6, 0.5, H48, 1.0),
                Map.of(Variable.T2M, Map.of(H48, 0.9))).fingerprint());
    }
}
