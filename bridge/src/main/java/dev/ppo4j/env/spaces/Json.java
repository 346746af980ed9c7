package dev.ppo4j.env.spaces;

/** JSON spelling of numbers and strings for {@link Space#toJson()}, infinities included. */
final class Json {
    private Json() {}

    /** A JSON array of doubles; infinities are written as the strings "inf" and "-inf", as numpy prints them. */
    static String numbers(double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            double v = values[i];
            sb.append(Double.isInfinite(v) ? (v > 0 ? "\"inf\"" : "\"-inf\"") : Double.toString(v));
        }
        return sb.append(']').toString();
    }

    /** A JSON string literal. */
    static String string(String s) {
        return new com.google.gson.JsonPrimitive(s).toString();
    }
}
