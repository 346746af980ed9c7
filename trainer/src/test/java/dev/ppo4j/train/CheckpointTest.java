package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint reads back what was written; a damaged one is an IOException naming it, never a wild allocation. */
class CheckpointTest {
    /** Magic, version, count, then "params" as a two-byte length and six bytes: its array length starts here. */
    private static final int FIRST_LENGTH_AT = 20;

    @TempDir
    Path temp;

    private Path written() throws IOException {
        Path file = temp.resolve("update-000001.ckpt");
        new Checkpoint().put("params", new float[] {1f, 2f, 3f}).put("obs_mean", new double[] {0.5})
                .put("update", 1L).put("config", "seed = 1\n").write(file);
        return file;
    }

    @Test
    void readsBackEveryEntry() throws IOException {
        Checkpoint read = Checkpoint.read(written());
        assertArrayEquals(new float[] {1f, 2f, 3f}, read.floats("params"));
        assertEquals(0.5, read.scalar("obs_mean"));
        assertEquals(1L, read.longValue("update"));
        assertEquals("seed = 1\n", read.string("config"));
    }

    @Test
    void aFlippedLengthByteFailsTheChecksum() throws IOException {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        bytes[FIRST_LENGTH_AT] ^= (byte) 0x80;
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(file));
        assertEquals("The checkpoint " + file + " is corrupt (checksum mismatch).", e.getMessage());
    }

    /** Even with a matching checksum, a length beyond the file is caught before any array is allocated. */
    @Test
    void aLengthBeyondTheFileIsCorruptEvenWithAMatchingChecksum() throws IOException {
        for (int length : new int[] {Integer.MAX_VALUE, -5, 4}) {
            Path file = written();
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
            bytes.putInt(FIRST_LENGTH_AT, length);
            CRC32 crc = new CRC32();
            crc.update(bytes.array(), 0, bytes.limit() - Long.BYTES);
            bytes.putLong(bytes.limit() - Long.BYTES, crc.getValue());
            Files.write(file, bytes.array());
            IOException e = assertThrows(IOException.class, () -> Checkpoint.read(file), "length " + length);
            assertTrue(e.getMessage().startsWith("The checkpoint " + file + " is corrupt"), e.getMessage());
        }
    }

    @Test
    void aTruncatedFileIsNamed() throws IOException {
        Path file = written();
        Files.write(file, new byte[] {0x50, 0x50});
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(file));
        assertEquals("The checkpoint " + file + " is truncated (2 bytes).", e.getMessage());
    }
}
