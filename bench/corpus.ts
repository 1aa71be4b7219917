// Deterministic benchmark corpora: the same bytes on every run and every machine.

export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the of and to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part customer order invoice refund account answer question summary model prompt token cost request cache batch latency context window policy support billing storage folder shared sync release feature user product manager engineer review draft careful concise helpful accurate always never must should'
).split(' ');
const IDENTIFIERS = 'data items result config options request response handler value index count total price tokens model cache user session payload buffer'.split(' ');
const CJK = Array.from('的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严');
const EMOJI = ['🎉', '👍', '🚀', '✅', '⚠️', '📦', '🙂', '👩‍💻', '🇫🇷', '💡'];

export function mixedPromptText(bytes: number, seed = 1): string {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const sentence = () => {
    const words = Array.from({ length: 5 + Math.floor(next() * 14) }, () => pick(WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(' ')}${pick(['.', '.', '.', '?', ':', '!'])}`;
  };
  const parts: string[] = [];
  let size = 0;
  const encoder = new TextEncoder();
  while (size < bytes) {
    let part: string;
    const kind = next();
    if (kind < 0.35) part = `${Array.from({ length: 3 }, sentence).join(' ')}\n\n`;
    else if (kind < 0.5) part = `## ${sentence()}\n\n- **${pick(WORDS)}**: ${sentence()}\n- [${pick(WORDS)}](https://example.com/${pick(WORDS)}/${Math.floor(next() * 1e5)}) ${sentence()}\n\n`;
    else if (kind < 0.65) {
      const name = `${pick(IDENTIFIERS)}${pick(IDENTIFIERS)[0].toUpperCase()}${pick(IDENTIFIERS).slice(1)}`;
      part = `\`\`\`ts\nexport function ${name}(${pick(IDENTIFIERS)}: number, ${pick(IDENTIFIERS)}: string[]): Promise<void> {\n  const ${pick(IDENTIFIERS)} = await fetch(\`/api/${pick(WORDS)}/\${${Math.floor(next() * 999)}}\`);\n  if (${pick(IDENTIFIERS)}.length > ${Math.floor(next() * 100)}) return;\n}\n\`\`\`\n\n`;
    } else if (kind < 0.78) {
      part = `${JSON.stringify({ id: Math.floor(next() * 1e6), [pick(IDENTIFIERS)]: pick(WORDS), tags: [pick(WORDS), pick(WORDS)], price: Math.round(next() * 1e4) / 100, nested: { ok: next() < 0.5 } }, null, 2)}\n`;
    } else if (kind < 0.9) {
      // Characters drawn by Zipf's law over a frequency-ordered list, as in real Chinese text.
      const zipf = () => CJK[Math.min(CJK.length - 1, Math.floor(Math.exp(next() * Math.log(CJK.length + 1))) - 1)];
      part = `${Array.from({ length: 20 + Math.floor(next() * 40) }, zipf).join('')}${pick(['。', '，', '！', '？'])}${Array.from({ length: 10 + Math.floor(next() * 30) }, zipf).join('')}。\n`;
    } else {
      part = `${sentence()} ${pick(EMOJI)}${pick(EMOJI)} ${sentence()} ${pick(EMOJI)}\n`;
    }
    parts.push(part);
    size += encoder.encode(part).length;
  }
  return parts.join('');
}

/** 1 MB-class adversarial inputs: one piece of the pre-tokenizer, megabytes long. */
export function worstCases(bytes: number, seed = 3): { name: string; text: string }[] {
  const next = seededRandom(seed);
  const cjkChars = Math.floor(bytes / 3);
  let cjk = '';
  for (let i = 0; i < cjkChars; i++) cjk += CJK[Math.floor(next() * CJK.length)];
  return [
    { name: `${bytes / 1e6} MB of "a"`, text: 'a'.repeat(bytes) },
    { name: `${bytes / 1e6} MB of spaces`, text: ' '.repeat(bytes) },
    { name: `${bytes / 1e6} MB of "="`, text: '='.repeat(bytes) },
    { name: `${bytes / 1e6} MB of CJK, no punctuation`, text: cjk },
    { name: '5 MB minified JSON', text: minifiedJson(5_000_000, seed + 1) },
  ];
}

export function minifiedJson(bytes: number, seed: number): string {
  const next = seededRandom(seed);
  const records: string[] = [];
  let size = 2;
  while (size < bytes) {
    const record = JSON.stringify({
      id: `${Math.floor(next() * 1e9).toString(36)}-${Math.floor(next() * 1e9).toString(36)}`,
      sku: Math.floor(next() * 1e8),
      name: WORDS[Math.floor(next() * WORDS.length)] + WORDS[Math.floor(next() * WORDS.length)],
      price: Math.round(next() * 1e5) / 100,
      hash: Array.from({ length: 24 }, () => Math.floor(next() * 16).toString(16)).join(''),
      ok: next() < 0.5,
    });
    records.push(record);
    size += record.length + 1;
  }
  return `[${records.join(',')}]`;
}
