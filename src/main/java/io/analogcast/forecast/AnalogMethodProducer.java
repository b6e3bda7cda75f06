package io.analogcast.forecast;

import io.analogcast.config.AnalogcastConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The forecasting method of this run, built once from the configuration: what the start-up settings check
 * validates is what forecasts and verification use.
 */
@ApplicationScoped
public class AnalogMethodProducer {

    @Produces
    @Singleton
    AnalogMethod method(AnalogcastConfig config) {
        return AnalogMethod.from(config.forecast()); // a wrong horizon or variable key throws ConfigurationException
    }
}
