package io.analogcast.nativeimage;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordMethodsTest {

    /** The shape of the native executable's resource key: a module and a resource name. */
    private record ModuleResource(Module module, String resource) {
    }

    @Test
    void theWrittenOutHashIsTheRecordsOwn() {
        for (Module module : new Module[] {String.class.getModule(), RecordMethodsTest.class.getModule(), null}) {
            for (String resource : new String[] {"application.properties", "META-INF/services/java.sql.Driver", "", null}) {
                assertEquals(new ModuleResource(module, resource).hashCode(), RecordMethods.hash(module, resource),
                        module + " " + resource);
            }
        }
    }
}
