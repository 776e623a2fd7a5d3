package dev.vfiopolicy.app;

import dev.vfiopolicy.engine.Engine;
import dev.vfiopolicy.engine.Evaluation;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Printable;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.UseCase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * {@code diff A B}: where two policies give different outcomes, how many devices move from which
 * outcome to which, for what reasons, with a sample device for {@code explain}.
 */
public final class DiffJob {
  private DiffJob() {}

  public record Request(
      String policyA,
      String policyB,
      String population,
      long hosts,
      long seed,
      List<String> scenarios,
      List<String> kernels,
      List<String> useCases,
      int threads) {}

  /** Devices that move between the two policies, for one reason pair. */
  public record Move(
      Scenario scenario,
      UseCase useCase,
      Outcome from,
      Outcome to,
      String reasonA,
      String reasonB,
      long devices,
      String sampleHost,
      String sampleDevice) {}

  /** The moves, in report order, and what the comparison covered. */
  /** @param inputs what the comparison was computed from, with digests */
  public record Result(
      Policy a,
      Policy b,
      List<Move> moves,
      Population population,
      long hosts,
      long devices,
      List<String> inputs) {}

  public static Result compute(Library lib, Request req) {
    return compute(lib, req, done -> {});
  }

  /** {@code progress} hears how many hosts are done, from any thread. */
  public static Result compute(Library lib, Request req, LongConsumer progress) {
    List<Policy> pair = new ArrayList<>();
    pair.addAll(ReportJob.policies(lib, List.of(req.policyA())));
    Policy b = ReportJob.policies(lib, List.of(req.policyB())).get(0);
    Policy a = pair.get(0);
    List<Scenario> scenarios = lib.scenarios(req.scenarios(), req.kernels());
    List<UseCase> useCases = lib.useCases(req.useCases());
    Population pop = Population.of(lib, req.population(), req.hosts(), req.seed(),
        "--population");
    // The engine caches per policy object, so comparing a policy with itself is fine.
    Engine engine = new Engine(scenarios, List.of(a, b), useCases);
    Scan scan = Scan.of(pop, req.threads(), progress);
    Map<List<Object>, Move> moves = new LinkedHashMap<>();
    int nu = useCases.size();
    for (Map.Entry<Profile, Scan.Entry> e : scan.profiles().entrySet()) {
      Evaluation[] ev = engine.evaluate(e.getKey());
      for (int s = 0; s < scenarios.size(); s++) {
        for (int u = 0; u < nu; u++) {
          Evaluation ea = ev[(s * 2) * nu + u];
          Evaluation eb = ev[(s * 2 + 1) * nu + u];
          if (ea.outcome() == eb.outcome()) {
            continue;
          }
          List<Object> key = List.of(s, u, ea.outcome(), eb.outcome(), ea.reason(), eb.reason());
          Move m = moves.get(key);
          long before = m == null ? 0 : m.devices();
          moves.put(key, new Move(scenarios.get(s), useCases.get(u), ea.outcome(), eb.outcome(),
              ea.reason(), eb.reason(), before + e.getValue().count(),
              m == null ? e.getValue().host() : m.sampleHost(),
              m == null ? e.getValue().device() : m.sampleDevice()));
        }
      }
    }
    List<Move> sorted = new ArrayList<>(moves.values());
    sorted.sort(
        Comparator.comparingInt((Move m) -> scenarios.indexOf(m.scenario()))
            .thenComparingInt(m -> useCases.indexOf(m.useCase()))
            .thenComparing(Comparator.comparingLong(Move::devices).reversed())
            .thenComparing(Move::from)
            .thenComparing(Move::to)
            .thenComparing(Move::reasonA)
            .thenComparing(Move::reasonB));
    List<String> inputs = new ArrayList<>();
    inputs.add("vfio-policy " + Version.VERSION + ", bundled data " + lib.dataDigest());
    for (String spec : List.of(req.policyA(), req.policyB())) {
      if (!lib.policies().containsKey(spec)) {
        inputs.add("policy file " + spec + " " + Digests.of(java.nio.file.Path.of(spec)));
      }
    }
    if (pop instanceof Population.FromFile f) {
      inputs.add("population file " + f.file() + " " + f.digest());
    }
    return new Result(a, b, sorted, pop, scan.hosts(), scan.devices(), inputs);
  }

  public static String render(Result r, Request req) {
    StringBuilder out = new StringBuilder();
    String a = r.a().id();
    String b = r.b().id();
    out.append("diff ").append(a).append(" -> ").append(b).append(": population ")
        .append(r.population().label());
    if (r.population() instanceof Population.Generated) {
      out.append(", seed ").append(req.seed());
    }
    out.append(", ").append(r.hosts()).append(" hosts, ").append(r.devices())
        .append(" devices\n");
    for (String in : r.inputs()) {
      out.append("input: ").append(in).append('\n');
    }
    if (r.moves().isEmpty()) {
      out.append("\nNo differences: ").append(a).append(" and ").append(b)
          .append(" give every device the same outcome in every scenario and use case"
              + " compared.\n");
      return out.toString();
    }
    int wu = 0;
    int ws = 0;
    for (Move m : r.moves()) {
      wu = Math.max(wu, m.useCase().id().length());
      ws = Math.max(ws, m.scenario().id().length());
    }
    int wp = Math.max(a.length(), b.length()) + 1;
    String pop = Printable.shellWord(r.population().argument());
    String popArgs =
        r.population() instanceof Population.Generated
            ? pop + " --hosts " + req.hosts() + " --seed " + req.seed()
            : pop;
    for (Move m : r.moves()) {
      out.append('\n')
          .append(pad(m.useCase().id(), wu)).append("  ")
          .append(pad(m.scenario().id(), ws)).append("  ")
          .append(m.from().id()).append(" -> ").append(m.to().id()).append("  ")
          .append(m.devices()).append(m.devices() == 1 ? " device\n" : " devices\n");
      out.append("  ").append(pad(a + ":", wp)).append(' ').append(m.reasonA()).append('\n');
      out.append("  ").append(pad(b + ":", wp)).append(' ').append(m.reasonB()).append('\n');
      out.append("  sample: vfio-policy explain --population ").append(popArgs)
          .append(" --host ").append(Printable.shellWord(m.sampleHost())).append(" --device ")
          .append(Printable.shellWord(m.sampleDevice())).append(" --policy ")
          .append(Printable.shellWord(req.policyA())).append(" --policy ")
          .append(Printable.shellWord(req.policyB())).append(' ')
          .append(m.scenario().selector()).append(" --use-case ").append(m.useCase().id())
          .append('\n');
    }
    return out.toString();
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }
}
