package io.analogcast.nativeimage;

import com.oracle.svm.core.annotate.Alias;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

import java.util.Objects;

/**
 * The key of the native executable's resource table is a record, and a record's {@code equals} and {@code hashCode}
 * run as method handles, which a native executable interprets. Every class-path resource look-up
 * ({@code ClassLoader.getResources}: SmallRye Config's sources, each {@code ServiceLoader}, JDBC drivers, JavaCPP's
 * libraries) asks the table once per module of the boot layer, so at start the interpreter took about a quarter of
 * the CPU before ready (docs/performance.md, the boot timeline). Written out, both compute what the record's
 * generated methods compute ({@link RecordMethods}); the hash must stay equal to the one the table was built with
 * at image build time, or no resource is found and the native executable cannot start (its integration tests).
 */
@TargetClass(className = "com.oracle.svm.core.jdk.Resources$ModuleInstanceResourceKey")
final class Target_Resources_ModuleInstanceResourceKey {

    @Alias
    private Module module;

    @Alias
    private String resource;

    @Substitute
    @Override
    public int hashCode() {
        return RecordMethods.hash(module, resource);
    }

    @Substitute
    @Override
    public boolean equals(Object other) {
        if (other == null || other.getClass() != getClass()) {
            return false;
        }
        Target_Resources_ModuleInstanceResourceKey that = (Target_Resources_ModuleInstanceResourceKey) other;
        return module == that.module && Objects.equals(resource, that.resource);
    }
}
