package dev.ppo4j.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a configuration field takes when no layer (preset, config file, override) sets it, in
 * config-file syntax. Every {@link TrainConfig} field declares one, so a field added later needs no
 * preset change and the {@code config.properties} of older run directories still resolve: a new
 * field's default should reproduce how runs behaved before the field existed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
    /** The default, as it would be written in a config file (e.g. {@code 0.2}, {@code linear}, {@code off}). */
    String value();
}
