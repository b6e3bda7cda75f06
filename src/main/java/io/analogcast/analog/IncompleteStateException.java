package io.analogcast.analog;

/** The observations cannot form a state vector (e.g. a predictor missing over the whole window). */
public class IncompleteStateException extends RuntimeException {
    public IncompleteStateException(String message) {
        super(message);
    }
}
