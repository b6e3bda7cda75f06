package io.analogcast.startup;

/**
 * The service refuses to start for a reason it can state in one line (its message), which {@link StartFailure}
 * prints as it is: no class name, no trace.
 */
public class StartupRefusal extends RuntimeException {

    public StartupRefusal(String message) {
        super(message);
    }
}
