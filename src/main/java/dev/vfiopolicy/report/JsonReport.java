package dev.vfiopolicy.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Feature;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.UseCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The whole report as JSON, keys in a fixed order, for other tools. */
public final class JsonReport {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  /** One entry per cell: every outcome's count and the reasons. */
  private static List<Object> results(ReportData d, Tally t) {
    List<Object> results = new ArrayList<>();
    for (int s = 0; s < d.scenarios().size(); s++) {
      for (int p = 0; p < d.policies().size(); p++) {
        for (int u = 0; u < d.useCases().size(); u++) {
          int cell = d.cell(s, p, u);
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("scenario", d.scenarios().get(s).id());
          m.put("policy", d.policies().get(p).id());
          m.put("use_case", d.useCases().get(u).id());
          m.put("counterfactual", d.counterfactual(s, p));
          m.put("total", t.devices(cell));
          for (Outcome o : Outcome.values()) {
            m.put(o.column(), t.count(cell, o));
          }
          List<Object> reasons = new ArrayList<>();
          for (Tally.ReasonCount r : t.reasons(cell)) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("outcome", r.outcome().id());
            rm.put("count", r.devices());
            rm.put("reason", r.reason());
            reasons.add(rm);
          }
          m.put("reasons", reasons);
          results.add(m);
        }
      }
    }
    return results;
  }

  public static String render(ReportData d) {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> tool = new LinkedHashMap<>();
    tool.put("name", "vfio-policy");
    tool.put("version", d.version());
    root.put("tool", tool);
    Map<String, Object> pop = new LinkedHashMap<>();
    pop.put("name", d.population());
    pop.put("description", d.populationDescription());
    pop.put("seed", d.seed());
    pop.put("hosts", d.hosts());
    pop.put("devices", d.devices());
    pop.put("assignable_devices", d.assignable());
    root.put("population", pop);
    root.put("reproduce", d.reproduce());
    root.put("inputs", d.inputs());
    List<Object> scenarios = new ArrayList<>();
    for (Scenario s : d.scenarios()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id());
      m.put("title", s.title());
      m.put("kernel", s.kernel().release().toString());
      m.put("rfc_series", s.kernel().rfcSeries());
      m.put("description", s.description());
      m.put("vfio_group", s.kernel().config().vfioGroup());
      m.put("vfio_device_cdev", s.kernel().config().vfioDeviceCdev());
      m.put("vfio_noiommu", s.kernel().config().vfioNoiommu());
      m.put("kvm_accepts_device_fd", s.kernel().kvmAcceptsDeviceFd());
      m.put("assumptions", s.assumptions());
      scenarios.add(m);
    }
    root.put("scenarios", scenarios);
    List<Object> policies = new ArrayList<>();
    for (Policy p : d.policies()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", p.id());
      m.put("title", p.title());
      m.put("advocate", p.advocate());
      m.put("source", p.source());
      policies.add(m);
    }
    root.put("policies", policies);
    List<Object> useCases = new ArrayList<>();
    for (UseCase u : d.useCases()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", u.id());
      m.put("title", u.title());
      m.put("kvm", u.kvm());
      m.put("interface", u.access().id());
      m.put("registers_with_kvm", u.registersWithKvm());
      m.put("on_refused_fd", u.onRefusedFd() == null ? null : u.onRefusedFd().id());
      m.put("reads_coherency_flag", u.readsCoherencyFlag());
      m.put("consumer", u.consumer());
      m.put("hypothetical", u.hypothetical());
      m.put("needs", u.needs().stream().map(Feature::id).sorted().toList());
      useCases.add(m);
    }
    root.put("use_cases", useCases);
    root.put("results", results(d, d.tally()));
    root.put("vm_results", results(d, d.vmTally()));
    List<Object> kinds = new ArrayList<>();
    for (ReportData.Kind k : d.kinds()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", k.kind());
      m.put("hosts", k.hosts());
      m.put("devices", k.devices());
      m.put("assignable_devices", k.assignable());
      m.put("vms", k.vms());
      m.put("results", results(d, k.devicesTally()));
      m.put("vm_results", results(d, k.vmTally()));
      kinds.add(m);
    }
    root.put("kinds", kinds);
    Map<String, Object> legend = new LinkedHashMap<>();
    Legend.outcomes().forEach((o, text) -> legend.put(o.id(), text));
    root.put("legend", legend);
    root.put("notes", d.notes());
    try {
      return MAPPER.writeValueAsString(root).replace("\r\n", "\n") + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
