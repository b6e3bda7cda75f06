package io.analogcast.observation.importer;

/** The input cannot be read as the format at all (no or unusable header): nothing was imported. */
public class ImportFormatException extends RuntimeException {
    public ImportFormatException(String message) {
        super(message);
    }
}
