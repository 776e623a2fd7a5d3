package dev.vfiopolicy.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
  @Test
  void formulaLikeTextIsNeutralisedAndNumbersStayNumbers() {
    StringBuilder sb = new StringBuilder();
    try (Csv csv = new Csv(sb, List.of("a", "b", "c"))) {
      csv.row("=cmd|' /C calc'!A0", 42L, "-1+1");
      csv.row("@SUM(A1)", -3L, "plain, with \"quotes\"");
      csv.row("\tx", 0L, "+x");
    }
    assertThat(sb.toString())
        .isEqualTo("a,b,c\r\n"
            + "'=cmd|' /C calc'!A0,42,'-1+1\r\n"
            + "'@SUM(A1),-3,\"plain, with \"\"quotes\"\"\"\r\n"
            + "'\tx,0,'+x\r\n");
  }

  @Test
  void percentIsLocaleFreeAndHalfUp() {
    assertThat(Formats.percent(1, 3)).isEqualTo("33.3%");
    assertThat(Formats.percent(1, 8)).isEqualTo("12.5%");
    assertThat(Formats.percent(1, 16)).isEqualTo("6.3%");
    assertThat(Formats.percent(0, 0)).isEqualTo("-");
  }
}
