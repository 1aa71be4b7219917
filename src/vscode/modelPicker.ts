// The model quick pick: every model of the price catalogue (and the user's own price file),
// searchable, each with its input and output price; the choice is remembered per workspace.
import * as vscode from 'vscode';
import { lookupModel, type PriceCatalog } from '../core/pricing';
import { plainLabel } from './display';

interface ModelItem extends vscode.QuickPickItem {
  model: string | null;
}

const perMTok = (value: number) => `$${Number(value.toPrecision(4))}`;

export function modelItems(catalog: PriceCatalog, chosen: string | null, compared: readonly string[]): ModelItem[] {
  const items: ModelItem[] = [
    { label: "$(file) Each file's own model", description: 'the model the file declares, else the first compared', model: null, picked: chosen === null },
  ];
  const seen = new Set<string>();
  const add = (written: string, group: string) => {
    const key = written.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    const lookup = lookupModel(catalog, written);
    const detail = lookup.known
      ? `${perMTok(lookup.pricing.input.perMTok)}/M input · ${perMTok(lookup.pricing.output.perMTok)}/M output · ${plainLabel(lookup.pricing.providerName, 40)}`
      : 'price unknown';
    items.push({ label: plainLabel(written, 80), description: detail, detail: group, model: written, picked: chosen?.toLowerCase() === key });
  };
  for (const model of compared) add(model, 'compared');
  for (const [key] of catalog.overrides) add(key, 'your price file');
  // Each catalogue model under a name the core's lookup resolves back to that provider (the names
  // people write vary: `openai:gpt-4o`, `openai/gpt-4o`, `gpt-4o`); models it cannot are left out.
  for (const provider of catalog.providers) {
    for (const model of provider.models) {
      const written = [`${provider.id}:${model.id}`, `${provider.id}/${model.id}`, model.id].find((name) => {
        const lookup = lookupModel(catalog, name);
        return lookup.known && lookup.pricing.provider === provider.id;
      });
      if (written) add(written, plainLabel(provider.name, 40));
    }
  }
  return items;
}

export async function pickModel(catalog: PriceCatalog, chosen: string | null, compared: readonly string[]): Promise<{ model: string | null } | undefined> {
  const picked = await vscode.window.showQuickPick(modelItems(catalog, chosen, compared), {
    title: 'Price prompts on which model?',
    placeHolder: chosen ? `Now: ${plainLabel(chosen, 60)}` : "Now: each file's own model",
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked ? { model: picked.model } : undefined;
}
