package io.analogcast.analog;

import io.analogcast.faiss.IndexSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the configured inverted-file parameters are fitted to a library's size. */
class AnalogIndexBuilderTest {

    private static final int DIMENSION = 19;
    private static final IndexSpec IVF_FLAT = IndexSpec.ivfFlat(128, 8);

    @Test
    void upToTheReferenceSizeTheConfiguredListsAreKept() {
        assertEquals(IVF_FLAT, AnalogIndexBuilder.fitSpec(IVF_FLAT, 52_576, DIMENSION));
        assertEquals(IVF_FLAT, AnalogIndexBuilder.fitSpec(IVF_FLAT, AnalogIndexBuilder.ROWS_FOR_CONFIGURED_LISTS, DIMENSION));
    }

    @Test
    void aLargerLibraryGetsProportionallyMoreListsAndTheSameProbes() {
        assertEquals(IndexSpec.ivfFlat(273, 8), AnalogIndexBuilder.fitSpec(IVF_FLAT, 140_230, DIMENSION));
        assertEquals(IndexSpec.ivfFlat(3_906, 8), AnalogIndexBuilder.fitSpec(IVF_FLAT, 2_000_000, DIMENSION));
    }

    @Test
    void aSmallLibraryGetsNoMoreListsThanItCanTrain() {
        assertEquals(IndexSpec.ivfFlat(25, 8), AnalogIndexBuilder.fitSpec(IVF_FLAT, 1_000, DIMENSION));
        assertEquals(IndexSpec.ivfFlat(1, 1), AnalogIndexBuilder.fitSpec(IVF_FLAT, 20, DIMENSION));
    }

    @Test
    void exactIndicesAreNotFitted() {
        assertEquals(IndexSpec.flatIp(), AnalogIndexBuilder.fitSpec(IndexSpec.flatIp(), 2_000_000, DIMENSION));
    }
}
