package io.analogcast.startup;

import io.analogcast.forecast.AnalogMethod;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigValidationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import java.util.List;

/**
 * Refuses a start that was given a setting the service does not know ({@link KnownSettings}): first of the start-up
 * observers, before any data is touched. SmallRye Config refuses unknown {@code analogcast.*} properties itself; an
 * environment variable it cannot tell from any other, so that check is ours. Run inside the application, where the
 * configuration mapping is already loaded, it costs next to nothing. Map keys that SmallRye takes as any string (a
 * horizon, a variable) are parsed here too, by building the forecasting method every user of it shares: a wrong one
 * stops the start instead of failing every forecast.
 */
@ApplicationScoped
public class SettingsCheck {

    /** The forecasting method, built here first of all its users, so that a wrong key stops the start. */
    @Inject
    Instance<AnalogMethod> method;

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event) {
        List<String> unknown = KnownSettings.load().unknown(System.getProperties(), System.getenv());
        if (!unknown.isEmpty()) {
            throw new ConfigValidationException(unknown.stream().map(ConfigValidationException.Problem::new)
                    .toArray(ConfigValidationException.Problem[]::new));
        }
        method.get(); // throws a ConfigurationException naming a wrong key
    }
}
