package dev.ppo4j.train;

import dev.ppo4j.util.DurableFiles;
import dev.ppo4j.util.TempFiles;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * A training checkpoint: named float arrays (parameters, Adam moments), double arrays
 * (normalisation statistics), longs (counters, RNG states) and strings (the resolved config).
 * Files are written atomically (temp file, fsync, rename, directory fsync) and carry a CRC32 trailer, so a run
 * killed while writing leaves the previous checkpoint intact and a torn file is detected.
 */
public final class Checkpoint {
    private static final int MAGIC = 0x50504F34; // "PPO4"
    private static final int VERSION = 1;
    /** Magic, version and the first entry count. */
    private static final int HEADER_BYTES = 3 * Integer.BYTES;

    private final Map<String, float[]> floats = new LinkedHashMap<>();
    private final Map<String, double[]> doubles = new LinkedHashMap<>();
    private final Map<String, Long> longs = new LinkedHashMap<>();
    private final Map<String, String> strings = new LinkedHashMap<>();

    /** Stores a float array under {@code name}. */
    public Checkpoint put(String name, float[] value) {
        floats.put(name, value.clone());
        return this;
    }

    /** Stores a double array under {@code name}. */
    public Checkpoint put(String name, double[] value) {
        doubles.put(name, value.clone());
        return this;
    }

    /** Stores a long under {@code name}. */
    public Checkpoint put(String name, long value) {
        longs.put(name, value);
        return this;
    }

    /** Stores a double scalar under {@code name}. */
    public Checkpoint put(String name, double value) {
        return put(name, new double[] {value});
    }

    /** Stores a string under {@code name}. */
    public Checkpoint put(String name, String value) {
        strings.put(name, value);
        return this;
    }

    /** The float array stored under {@code name}. */
    public float[] floats(String name) {
        return require(floats, name).clone();
    }

    /** The double array stored under {@code name}. */
    public double[] doubles(String name) {
        return require(doubles, name).clone();
    }

    /** The double scalar stored under {@code name}. */
    public double scalar(String name) {
        return require(doubles, name)[0];
    }

    /** The long stored under {@code name}. */
    public long longValue(String name) {
        return require(longs, name);
    }

    /** The string stored under {@code name}. */
    public String string(String name) {
        return require(strings, name);
    }

    /** Writes the checkpoint to {@code path} atomically. */
    public void write(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = TempFiles.createBeside(path);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                CRC32 crc = new CRC32();
                OutputStream raw = Channels.newOutputStream(channel);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc)));
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(floats.size());
                for (Map.Entry<String, float[]> e : floats.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    for (float v : e.getValue()) {
                        out.writeFloat(v);
                    }
                }
                out.writeInt(doubles.size());
                for (Map.Entry<String, double[]> e : doubles.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    for (double v : e.getValue()) {
                        out.writeDouble(v);
                    }
                }
                out.writeInt(longs.size());
                for (Map.Entry<String, Long> e : longs.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue());
                }
                out.writeInt(strings.size());
                for (Map.Entry<String, String> e : strings.entrySet()) {
                    out.writeUTF(e.getKey());
                    byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
                out.flush();
                new DataOutputStream(raw).writeLong(crc.getValue());
            }
            DurableFiles.moveIntoPlace(temp, path);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads a checkpoint written by {@link #write}. The checksum is verified before anything is
     * parsed, and every length is checked against the bytes that remain, so a corrupt file is an
     * {@link IOException} naming it, never a huge or negative allocation.
     */
    public static Checkpoint read(Path path) throws IOException {
        long size = Files.size(path);
        if (size < HEADER_BYTES + Long.BYTES) {
            throw new IOException("The checkpoint " + path + " is truncated (" + size + " bytes).");
        }
        if (size > Integer.MAX_VALUE) {
            throw new IOException(path + " is larger than any checkpoint ppo4j writes (" + size + " bytes).");
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(path));
        if (bytes.getInt() != MAGIC) {
            throw new IOException(path + " is not a ppo4j checkpoint.");
        }
        int version = bytes.getInt();
        if (version != VERSION) {
            throw new IOException("The checkpoint " + path + " has format " + version + "; this ppo4j reads format " + VERSION + ".");
        }
        int bodyEnd = bytes.limit() - Long.BYTES;
        CRC32 crc = new CRC32();
        crc.update(bytes.array(), 0, bodyEnd);
        if (bytes.getLong(bodyEnd) != crc.getValue()) {
            throw new IOException("The checkpoint " + path + " is corrupt (checksum mismatch).");
        }
        try {
            return parse(bytes.limit(bodyEnd));
        } catch (BufferUnderflowException | UTFDataFormatException e) {
            throw new IOException("The checkpoint " + path + " is corrupt (its lengths do not match its size).", e);
        }
    }

    /** The entries of a checksummed body, positioned after its header. */
    private static Checkpoint parse(ByteBuffer body) throws IOException {
        Checkpoint c = new Checkpoint();
        for (int n = count(body, 2), i = 0; i < n; i++) {
            String name = utf(body);
            float[] v = new float[count(body, Float.BYTES)];
            body.asFloatBuffer().get(v);
            body.position(body.position() + v.length * Float.BYTES);
            c.floats.put(name, v);
        }
        for (int n = count(body, 2), i = 0; i < n; i++) {
            String name = utf(body);
            double[] v = new double[count(body, Double.BYTES)];
            body.asDoubleBuffer().get(v);
            body.position(body.position() + v.length * Double.BYTES);
            c.doubles.put(name, v);
        }
        for (int n = count(body, 2 + Long.BYTES), i = 0; i < n; i++) {
            c.longs.put(utf(body), body.getLong());
        }
        for (int n = count(body, 2), i = 0; i < n; i++) {
            String name = utf(body);
            byte[] value = new byte[count(body, 1)];
            body.get(value);
            c.strings.put(name, new String(value, StandardCharsets.UTF_8));
        }
        if (body.hasRemaining()) {
            throw new BufferUnderflowException();
        }
        return c;
    }

    /** A count or length field, checked to fit in what remains: at least {@code bytesEach} bytes per element. */
    private static int count(ByteBuffer body, int bytesEach) {
        int n = body.getInt();
        if (n < 0 || (long) n * bytesEach > body.remaining()) {
            throw new BufferUnderflowException();
        }
        return n;
    }

    /** A name written by {@link DataOutputStream#writeUTF} (modified UTF-8 after a two-byte length). */
    private static String utf(ByteBuffer body) throws IOException {
        int length = Short.toUnsignedInt(body.getShort());
        byte[] encoded = new byte[Short.BYTES + length];
        body.get(encoded, Short.BYTES, length);
        ByteBuffer.wrap(encoded).putShort((short) length);
        return new DataInputStream(new ByteArrayInputStream(encoded)).readUTF();
    }

    private static <T> T require(Map<String, T> map, String name) {
        T value = map.get(name);
        if (value == null) {
            throw new IllegalArgumentException("The checkpoint has no entry '" + name + "'; it was written by another ppo4j version.");
        }
        return value;
    }
}
