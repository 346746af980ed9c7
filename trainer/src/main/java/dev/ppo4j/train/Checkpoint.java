package dev.ppo4j.train;

import dev.ppo4j.util.TempFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A training checkpoint: named float arrays (parameters, Adam moments), double arrays
 * (normalisation statistics), longs (counters, RNG states) and strings (the resolved config).
 * Files are written atomically (temp file, fsync, rename) and carry a CRC32 trailer, so a run
 * killed while writing leaves the previous checkpoint intact and a torn file is detected.
 */
public final class Checkpoint {
    private static final int MAGIC = 0x50504F34; // "PPO4"
    private static final int VERSION = 1;

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
                    byte[] bytes = e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
                out.flush();
                new DataOutputStream(raw).writeLong(crc.getValue());
                channel.force(true);
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Reads a checkpoint written by {@link #write}. */
    public static Checkpoint read(Path path) throws IOException {
        Checkpoint c = new Checkpoint();
        long expected;
        CRC32 crc = new CRC32();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path)))) {
            DataInputStream body = new DataInputStream(new CheckedInputStream(in, crc));
            if (body.readInt() != MAGIC) {
                throw new IOException(path + " is not a ppo4j checkpoint.");
            }
            int version = body.readInt();
            if (version != VERSION) {
                throw new IOException(path + " has checkpoint format " + version + "; this ppo4j reads format " + VERSION + ".");
            }
            for (int n = body.readInt(), i = 0; i < n; i++) {
                String name = body.readUTF();
                float[] v = new float[body.readInt()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = body.readFloat();
                }
                c.floats.put(name, v);
            }
            for (int n = body.readInt(), i = 0; i < n; i++) {
                String name = body.readUTF();
                double[] v = new double[body.readInt()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = body.readDouble();
                }
                c.doubles.put(name, v);
            }
            for (int n = body.readInt(), i = 0; i < n; i++) {
                c.longs.put(body.readUTF(), body.readLong());
            }
            for (int n = body.readInt(), i = 0; i < n; i++) {
                String name = body.readUTF();
                byte[] bytes = body.readNBytes(body.readInt());
                c.strings.put(name, new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            }
            expected = in.readLong();
        } catch (java.io.EOFException e) {
            throw new IOException(path + " is truncated; use an earlier checkpoint.", e);
        }
        if (expected != crc.getValue()) {
            throw new IOException(path + " is corrupt (checksum mismatch); use an earlier checkpoint.");
        }
        return c;
    }

    private static <T> T require(Map<String, T> map, String name) {
        T value = map.get(name);
        if (value == null) {
            throw new IllegalArgumentException("The checkpoint has no entry '" + name + "'; it was written by another ppo4j version.");
        }
        return value;
    }
}
