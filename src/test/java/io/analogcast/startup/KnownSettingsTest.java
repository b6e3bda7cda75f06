package io.analogcast.startup;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownSettingsTest {

    private final KnownSettings known = KnownSettings.load();

    @Test
    void mappedKeysAreKnownInBothSpellings() {
        assertTrue(known.knowsProperty("analogcast.forecast.max-batch"));
        assertTrue(known.knowsEnvironment("ANALOGCAST_FORECAST_MAX_BATCH"));
        // map keys: a horizon, quoted or not; a token name
        assertTrue(known.knowsProperty("analogcast.index.type.\"24h\""));
        assertTrue(known.knowsProperty("analogcast.index.type.24h"));
        assertTrue(known.knowsEnvironment("ANALOGCAST_INDEX_TYPE_24H"));
        assertTrue(known.knowsEnvironment("ANALOGCAST_SECURITY_TOKENS_CLIENTA_SHA256"));
        assertFalse(known.knowsEnvironment("ANALOGCAST_SECURITY_TOKENS_CLIENTA_SHA265"));
        assertFalse(known.knowsProperty("analogcast.index.typo"));
    }

    @Test
    void aMapKeyInTheOtherSpellingIsNamedWithTheSpellingToUse() {
        // SmallRye leaves application.properties' unquoted key unmapped when a system property quotes it
        assertEquals("analogcast.index.type.\"24h\" (a system property) is set in another spelling too; write its map"
                + " key without quotes, as application.properties does: analogcast.index.type.24h. Every setting:"
                + " docs/configuration.md", known.otherSpelling("analogcast.index.type.24h", "in PropertiesConfigSource",
                Map.of("analogcast.index.type.\"24h\"", "IVFPQ", "analogcast.index.type.\"6h\"", "IVFPQ"), Map.of()));
        assertEquals("analogcast.index.type.24h (in my.properties) is set in another spelling too; write its map key"
                + " the same way in every source (without quotes). Every setting: docs/configuration.md",
                known.otherSpelling("analogcast.index.type.24h", "in my.properties", Map.of(), Map.of()));
        // the quoted spelling as an environment variable, which SmallRye maps where the path has no dash
        assertEquals(KnownSettings.quotedEnvironment("ANALOGCAST_INDEX_TYPE__24H_"), known.otherSpelling(
                "analogcast.index.type.24h", "in PropertiesConfigSource", Map.of(),
                Map.of("ANALOGCAST_INDEX_TYPE__24H_", "IVFPQ", "ANALOGCAST_INDEX_TYPE__6H_", "IVFPQ")));
    }

    @Test
    void anEnvironmentVariableSpellingAQuotedMapKeyIsRefusedWithTheSpellingToUse() {
        // SmallRye would read it as a key apart from application.properties' unquoted one, and ignore it silently
        assertEquals(List.of("ANALOGCAST_FORECAST_ANCHOR_SPREAD__T2M___48H_ (an environment variable) spells a map key"
                + " in quotes, which is not read; write ANALOGCAST_FORECAST_ANCHOR_SPREAD_T2M_48H. Every setting:"
                + " docs/configuration.md", "ANALOGCAST_INDEX_TYPE__24H_ (an environment variable) spells a map key in"
                + " quotes, which is not read; write ANALOGCAST_INDEX_TYPE_24H. Every setting: docs/configuration.md"),
                known.unknown(Map.of(), Map.of("ANALOGCAST_INDEX_TYPE__24H_", "IVFPQ", "ANALOGCAST_INDEX_TYPE_24H",
                        "IVFPQ", "ANALOGCAST_FORECAST_ANCHOR_SPREAD__T2M___48H_", "0.9",
                        "ANALOGCAST_FORECAST_ANCHOR_SPREAD_T2M_48H", "0.9")));
    }

    @Test
    void variablesThatApplicationPropertiesReadAreKnown() {
        for (String name : List.of("ANALOGCAST_DB_URL", "ANALOGCAST_DB_USER", "ANALOGCAST_DB_PASSWORD",
                "ANALOGCAST_DB_SCHEMA", "ANALOGCAST_REDIS_URL", "ANALOGCAST_CORS_ORIGINS")) {
            assertTrue(known.knowsEnvironment(name), name);
        }
    }

    @Test
    void theNearestKnownKeyIsSuggested() {
        assertEquals("analogcast.index.window-hours", known.nearestProperty("analogcast.index.windowhours"));
        assertEquals("analogcast.forecast.default-k", known.nearestProperty("analogcast.forecast.defualt-k"));
        assertEquals("ANALOGCAST_DB_URL", known.nearestEnvironment("ANALOGCAST_DB_ULR"));
        assertEquals("ANALOGCAST_SECURITY_TOKENS_<KEY>_SHA256", known.nearestEnvironment("ANALOGCAST_SECURITY_TOKEN_X_SHA256"));
    }

    @Test
    void onlyUnknownSettingsAreReported() {
        List<String> problems = known.unknown(Map.of("analogcast.demo.years", "2", "analogcast.demo.yaers", "2",
                "java.home", "/jdk"), Map.of("ANALOGCAST_DB_URL", "jdbc:x", "ANALOGCAST_DEMO_YAERS", "2", "PATH", "/bin"));
        assertEquals(List.of(
                "unknown setting analogcast.demo.yaers (a system property); did you mean analogcast.demo.years? "
                        + "Every setting: docs/configuration.md",
                "unknown setting ANALOGCAST_DEMO_YAERS (an environment variable); did you mean ANALOGCAST_DEMO_YEARS? "
                        + "Every setting: docs/configuration.md"), problems);
    }

    @Test
    void everyKeyIsDocumented() throws Exception {
        String docs = Files.readString(Path.of("docs/configuration.md"));
        for (String key : known.displayKeys()) {
            assertTrue(docs.contains("`" + key + "`"), key + " is missing from docs/configuration.md");
        }
    }

    @Test
    void distanceCountsEdits() {
        assertEquals(0, KnownSettings.distance("abc", "abc"));
        assertEquals(1, KnownSettings.distance("typo", "type"));
        assertEquals(2, KnownSettings.distance("defualt", "default"));
        assertEquals(3, KnownSettings.distance("", "abc"));
    }
}
