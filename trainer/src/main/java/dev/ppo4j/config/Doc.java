package dev.ppo4j.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one-line documentation of a configuration field; kept at run time so that written config
 * files and {@code ./ppo4j train --list-config} carry it. In the documentation of an enum-typed
 * field, {@value #VALUES} stands for the enum's config names ({@code tanh or relu}), so that a new
 * constant needs no documentation change.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Doc {
    /** The placeholder for an enum field's allowed values. */
    String VALUES = "{values}";

    /** The documentation line. */
    String value();
}
