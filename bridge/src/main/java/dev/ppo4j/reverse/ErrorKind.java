package dev.ppo4j.reverse;

import com.google.gson.JsonObject;
import dev.ppo4j.env.EnvClosedException;
import dev.ppo4j.env.EnvException;
import dev.ppo4j.env.EpisodeEndedException;
import dev.ppo4j.env.InvalidActionException;
import dev.ppo4j.env.UnknownEnvException;
import dev.ppo4j.env.UnsupportedSpaceException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;

/**
 * What went wrong, as the Python side maps it onto its exception classes ({@code ppo4j.errors}).
 * Errors a user causes travel as their message alone; anything else an env throws also carries
 * its Java stack trace, which is where the bug is.
 */
enum ErrorKind {
    /** An action of the wrong length or outside the action space. */
    INVALID_ACTION,
    /** The env was closed. */
    CLOSED,
    /** A step after the episode ended, without a reset. */
    EPISODE_ENDED,
    /** No env with that id, or the class is not an env. */
    UNKNOWN_ENV,
    /** A classpath entry is missing, or a class the env needs is not on the classpath. */
    CLASSPATH,
    /** A space Gymnasium's side cannot represent. */
    UNSUPPORTED_SPACE,
    /** A keyword argument, seed, option or render mode is invalid. */
    INVALID_ARGUMENT,
    /** Any other {@link EnvException}: the env reports a problem in its own words. */
    ENV,
    /** Anything else: a bug in the env or in ppo4j; carries the stack trace. */
    JAVA;

    /** The kind of {@code error}. */
    static ErrorKind of(Throwable error) {
        if (error instanceof InvalidActionException) {
            return INVALID_ACTION;
        } else if (error instanceof EnvClosedException) {
            return CLOSED;
        } else if (error instanceof EpisodeEndedException) {
            return EPISODE_ENDED;
        } else if (error instanceof UnknownEnvException) {
            return UNKNOWN_ENV;
        } else if (error instanceof ClasspathException || error instanceof LinkageError) {
            return CLASSPATH;
        } else if (error instanceof UnsupportedSpaceException) {
            return UNSUPPORTED_SPACE;
        } else if (error instanceof IllegalArgumentException) {
            return INVALID_ARGUMENT;
        }
        return error instanceof EnvException ? ENV : JAVA;
    }

    /** {@code {"kind": ..., "message": ...}}, plus {@code "java_stack_trace"} for {@link #JAVA}. */
    static JsonObject toJson(Throwable error) {
        ErrorKind kind = of(error);
        JsonObject json = new JsonObject();
        json.addProperty("kind", kind.name().toLowerCase(Locale.ROOT));
        if (kind == JAVA) {
            json.addProperty("message", error.toString());
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            json.addProperty("java_stack_trace", trace.toString());
        } else if (error instanceof LinkageError) {
            json.addProperty("message", "A class the env needs could not be loaded (" + error
                    + "); add every jar it needs to classpath=[...].");
        } else {
            json.addProperty("message", String.valueOf(error.getMessage()));
        }
        return json;
    }
}
