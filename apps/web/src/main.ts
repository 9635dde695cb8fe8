/** The playground page: choose data, formula and estimator; the worker fits; the page shows the results. */
import { DATASETS } from "./datasets.js";
import { caterpillarPlots } from "./caterpillar.js";
import type { FitRequest, FitResponse } from "./protocol.js";

const ESTIMATORS = ["ml", "mspl", "entropy", "ridge", "jeffreys-glm"];

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const datasetSelect = byId<HTMLSelectElement>("dataset");
const formulaInput = byId<HTMLInputElement>("formula");
const estimatorSelect = byId<HTMLSelectElement>("estimator");
const fileInput = byId<HTMLInputElement>("file");
const dropZone = byId<HTMLElement>("drop");
const status = byId<HTMLElement>("status");

/** The data the next fit uses: an embedded set, or a CSV the user dropped (read locally, never sent). */
let current: { source: string; csv: string; settings: FitRequest["settings"] } = {
  source: DATASETS[0]!.name,
  csv: DATASETS[0]!.csv,
  settings: DATASETS[0]!.settings,
};

for (const d of DATASETS) datasetSelect.add(new Option(`${d.name} — ${d.description}`, d.name));
datasetSelect.add(new Option("(your file)", ""));
for (const e of ESTIMATORS) estimatorSelect.add(new Option(e, e));

function chooseDataset(name: string): void {
  const d = DATASETS.find((x) => x.name === name);
  if (d === undefined) return;
  current = { source: d.name, csv: d.csv, settings: d.settings };
  formulaInput.value = d.formula;
  estimatorSelect.value = d.estimator;
}
chooseDataset(DATASETS[0]!.name);
datasetSelect.addEventListener("change", () => chooseDataset(datasetSelect.value));

async function useFile(file: File): Promise<void> {
  current = { source: file.name, csv: await file.text(), settings: {} };
  datasetSelect.value = "";
  status.textContent = `loaded ${file.name} (${current.csv.length} characters); type a formula and fit`;
}
fileInput.addEventListener("change", () => {
  const file = fileInput.files?.[0];
  if (file !== undefined) void useFile(file);
});
dropZone.addEventListener("dragover", (e) => e.preventDefault());
dropZone.addEventListener("drop", (e) => {
  e.preventDefault();
  const file = e.dataTransfer?.files[0];
  if (file !== undefined) void useFile(file);
});

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
let nextId = 1;

function show(response: FitResponse): void {
  const error = byId<HTMLElement>("error");
  if (!response.ok) {
    error.textContent = response.error;
    error.dataset["input"] = String(response.inputError);
    for (const id of ["summary", "separation", "json"]) byId(id).textContent = "";
    byId("plots").innerHTML = "";
    status.textContent = "failed";
    return;
  }
  error.textContent = "";
  byId("summary").textContent = response.summary;
  byId("separation").textContent = response.separation;
  byId("json").textContent = response.json;
  byId("plots").innerHTML = caterpillarPlots(response.ranef) || "<p>(no random effects)</p>";
  status.textContent = `fitted in ${response.fitMilliseconds.toFixed(1)} ms; with the separation table ${response.milliseconds.toFixed(1)} ms (in the worker)`;
  status.dataset["milliseconds"] = String(response.fitMilliseconds);
  status.dataset["steps"] = JSON.stringify(response.steps);
}

worker.onmessage = (event: MessageEvent<FitResponse>) => {
  document.body.dataset["state"] = "done";
  show(event.data);
};

byId<HTMLFormElement>("model").addEventListener("submit", (e) => {
  e.preventDefault();
  document.body.dataset["state"] = "fitting";
  status.textContent = "fitting…";
  const request: FitRequest = {
    id: nextId++,
    csv: current.csv,
    source: current.source,
    formula: formulaInput.value,
    estimator: estimatorSelect.value,
    settings: current.settings,
  };
  worker.postMessage(request);
});
document.body.dataset["state"] = "ready";
