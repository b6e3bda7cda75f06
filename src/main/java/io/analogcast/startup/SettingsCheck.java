package io.analogcast.startup;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigValidationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import java.util.List;

/**
 * Refuses a start that was given a setting the service does not know ({@link KnownSettings}): first of the start-up
 * observers, before any data is touched. SmallRye Config refuses unknown {@code analogcast.*} properties itself; an
 * environment variable it cannot tell from any other, so that check is ours. Run inside the application, where the
 * configuration mapping is already loaded, it costs next to nothing.
 */
@ApplicationScoped
public class SettingsCheck {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event) {
        List<String> unknown = KnownSettings.load().unknown(System.getProperties(), System.getenv());
        if (!unknown.isEmpty()) {
            throw new ConfigValidationException(unknown.stream().map(ConfigValidationException.Problem::new)
                    .toArray(ConfigValidationException.Problem[]::new));
        }
    }
}
