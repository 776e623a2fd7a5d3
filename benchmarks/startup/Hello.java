/** The JVM's own floor: start, print a line, exit. */
public class Hello {
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
