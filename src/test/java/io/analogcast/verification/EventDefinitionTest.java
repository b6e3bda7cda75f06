package io.analogcast.verification;

import io.analogcast.variable.Variable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventDefinitionTest {

    @Test
    void parsesFixedAndClimateThresholds() {
        assertEquals(new EventDefinition(Variable.PRECIP, 0.1, null), EventDefinition.parse("precip>0.1"));
        assertEquals(new EventDefinition(Variable.T2M, null, 0.9), EventDefinition.parse(" t2m > p90 "));
        assertEquals("t2m > p90 (station climate)", EventDefinition.parse("t2m>p90").label());
    }

    @Test
    void rejectsWhatItCannotRead() {
        for (String bad : new String[] {"t2m", "temperature>3", "t2m>p100", "t2m>warm"}) {
            assertThrows(IllegalArgumentException.class, () -> EventDefinition.parse(bad), bad);
        }
    }
}
