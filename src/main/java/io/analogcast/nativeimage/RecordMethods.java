package io.analogcast.nativeimage;

import java.util.Objects;

/**
 * What a two-component record's generated {@code hashCode} computes ({@code java.lang.runtime.ObjectMethods}:
 * components in declaration order, each folded in as {@code 31 * h + Objects.hashCode(component)}), for
 * substitutions that replace it by plain code. {@code RecordMethodsTest} holds it to the JDK's own.
 */
final class RecordMethods {

    private RecordMethods() {
    }

    static int hash(Object first, Object second) {
        return 31 * Objects.hashCode(first) + Objects.hashCode(second);
    }
}
