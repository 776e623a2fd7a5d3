import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.FileInputStream;
import java.io.InputStream;

/** The floor for reading a JSON Lines file: Jackson's tokens, nothing built, nothing checked. */
public class TokenPass {
  public static void main(String[] args) throws Exception {
    long n = 0;
    try (InputStream in = new FileInputStream(args[0]);
        JsonParser p = new JsonFactory().createParser(in)) {
      while (p.nextToken() != null) {
        n++;
      }
    }
    System.out.println(n + " tokens");
  }
}
