// PropsOracle loads .properties inputs with java.util.Properties for
// java_test.go. It reads inputs from stdin, each a 4-byte big-endian length
// and that many bytes, decodes them as UTF-8 (as Spring Boot reads
// application.properties) and answers each with "ERR <message>" or
// "OK <n>" and n lines "K<hex> V<hex>": key and value as UTF-8 in hex, a
// lone surrogate written as U+FFFD.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

public class PropsOracle {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
        while (true) {
            int n;
            try {
                n = in.readInt();
            } catch (EOFException e) {
                break;
            }
            byte[] b = new byte[n];
            in.readFully(b);
            Properties p = new Properties();
            try {
                p.load(new InputStreamReader(new ByteArrayInputStream(b), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                out.println("ERR " + e.getMessage());
                out.flush();
                continue;
            }
            out.println("OK " + p.size());
            for (String k : p.stringPropertyNames()) {
                out.println("K" + hex(k) + " V" + hex(p.getProperty(k)));
            }
            out.flush();
        }
    }

    static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;
            for (byte x : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                sb.append(String.format("%02x", x & 0xff));
            }
        });
        return sb.toString();
    }
}
