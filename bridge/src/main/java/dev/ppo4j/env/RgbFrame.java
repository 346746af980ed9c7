package dev.ppo4j.env;

/**
 * One rendered image: {@code height × width} pixels of 3 bytes (red, green, blue), row-major, as
 * the {@code uint8} array of shape {@code (height, width, 3)} Gymnasium's {@code rgb_array} mode returns.
 *
 * @param height rows, positive
 * @param width columns, positive
 * @param rgb {@code height * width * 3} bytes
 */
public record RgbFrame(int height, int width, byte[] rgb) {

    /** Validates the size. */
    public RgbFrame {
        if (height <= 0 || width <= 0 || rgb.length != (long) height * width * 3) {
            throw new IllegalArgumentException("An RGB frame of " + height + " × " + width + " pixels needs "
                    + (long) height * width * 3 + " bytes, got " + rgb.length + ".");
        }
    }
}
