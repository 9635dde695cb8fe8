import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ReversibleEditor } from "./reversible-edit.js";

function scratch(): { file: string; journal: string } {
  const dir = mkdtempSync(join(tmpdir(), "glmm-mutants-"));
  const file = join(dir, "source.ts");
  writeFileSync(file, "const a = 1;\nconst b = a + 1;\n");
  return { file, journal: join(dir, "journal", "edit.json") };
}

describe("ReversibleEditor", () => {
  it("applies the edit while the body runs, journals the original, and restores it after", async () => {
    const { file, journal } = scratch();
    const editor = new ReversibleEditor(journal);
    const seen = await editor.withEdit(file, "a + 1", "a - 1", async () => {
      expect(JSON.parse(readFileSync(journal, "utf8")).original).toBe("const a = 1;\nconst b = a + 1;\n");
      return readFileSync(file, "utf8");
    });
    expect(seen).toBe("const a = 1;\nconst b = a - 1;\n");
    expect(readFileSync(file, "utf8")).toBe("const a = 1;\nconst b = a + 1;\n");
    expect(existsSync(journal)).toBe(false);
  });

  it("restores the file when the body throws", async () => {
    const { file, journal } = scratch();
    const editor = new ReversibleEditor(journal);
    await expect(editor.withEdit(file, "= 1", "= 2", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(readFileSync(file, "utf8")).toBe("const a = 1;\nconst b = a + 1;\n");
  });

  it("edits nothing when the text is absent or not unique", async () => {
    const { file, journal } = scratch();
    const editor = new ReversibleEditor(journal);
    expect(await editor.withEdit(file, "missing", "x", async () => "ran")).toBeNull();
    expect(await editor.withEdit(file, "const", "let", async () => "ran")).toBeNull();
    expect(readFileSync(file, "utf8")).toBe("const a = 1;\nconst b = a + 1;\n");
  });

  it("a later run restores a file left edited by a run that died (journal still present)", () => {
    const { file, journal } = scratch();
    const original = readFileSync(file, "utf8");
    writeFileSync(file, "mutated");
    const editor = new ReversibleEditor(journal);
    expect(editor.recoverFromJournal()).toBeNull();
    mkdirSync(join(journal, ".."), { recursive: true });
    expect(readFileSync(file, "utf8")).toBe("mutated");
    writeFileSync(journal, JSON.stringify({ path: file, original }));
    expect(new ReversibleEditor(journal).recoverFromJournal()).toBe(file);
    expect(readFileSync(file, "utf8")).toBe(original);
    expect(existsSync(journal)).toBe(false);
  });
});
