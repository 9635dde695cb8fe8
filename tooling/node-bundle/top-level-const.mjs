// esbuild writes every top-level const, let and class of a bundle as `var` — deliberately, with no option to
// keep them (https://github.com/evanw/esbuild/issues/623). V8 folds a module's `const` bindings into the code
// that reads them (a number, or a typed array's base and length), but must load a `var` binding and its
// contents at every use. The samplers' inner loops read such module constants — tableExp's and the
// ziggurat's tables, the row passes' limits — and salamander's IMSA ran 9 % slower from the bundle than from
// the sources (5.27 against 4.79 s in-process) until this pass gave the constants back:
//
// every top-level `var` statement whose declarators all have an initialiser, declare simple names that are
// declared nowhere else in the module scope (a `var` in a top-level block counts), are never the target of an
// assignment, ++/-- or for-in/of anywhere in the file (in any scope: a shadowing local that is assigned keeps
// the top-level one a `var`, which is only conservative), and are not read by module-level code before the
// statement ends (their own initialiser included) becomes `const`. TypeScript's parser reads the bundle (a
// JavaScript parse, no type checking). One risk stays: a function called while the modules are evaluated that
// reads a later const would now throw where a `var` read undefined. Module evaluation runs first in every run
// of a bundle, and a test runs each bundle (the command, its chain worker with --threads, the study pool).

/** `text` (an ES module) with its eligible top-level `var` statements turned into `const`; and how many. */
export async function topLevelVarsToConst(text) {
  const { default: ts } = await import("typescript");
  const file = ts.createSourceFile("bundle.mjs", text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);

  const assigned = new Set();
  const addTargets = (node) => {
    if (ts.isIdentifier(node)) assigned.add(node.text);
    else if (ts.isParenthesizedExpression(node) || ts.isSpreadElement(node) || ts.isSpreadAssignment(node)) addTargets(node.expression);
    else if (ts.isArrayLiteralExpression(node)) node.elements.forEach(addTargets);
    else if (ts.isObjectLiteralExpression(node)) node.properties.forEach(addTargets);
    else if (ts.isShorthandPropertyAssignment(node)) assigned.add(node.name.text);
    else if (ts.isPropertyAssignment(node)) addTargets(node.initializer);
    // A default in a destructuring pattern: `[a = 1] = …`.
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) addTargets(node.left);
  };
  const isAssignment = (kind) => kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
  const isIncrement = (kind) => kind === ts.SyntaxKind.PlusPlusToken || kind === ts.SyntaxKind.MinusMinusToken;
  const visit = (node) => {
    if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) addTargets(node.left);
    else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && isIncrement(node.operator)) addTargets(node.operand);
    else if ((ts.isForInStatement(node) || ts.isForOfStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) addTargets(node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(file);

  // Every var-declared name of the module scope — a `var` in a top-level block or loop is one too — and the
  // names declared by top-level functions and classes: a const may be declared once only.
  const declared = new Map();
  const declare = (name) => declared.set(name, (declared.get(name) ?? 0) + 1);
  // Where each name is read by code that runs while the module is evaluated (outside any function body):
  // such a read before the declaration is complete would meet the const's temporal dead zone.
  const immediateReads = new Map();
  const scan = (node, inFunction) => {
    if (ts.isFunctionLike(node)) {
      if (!inFunction && ts.isFunctionDeclaration(node) && node.name !== undefined) declare(node.name.text);
      ts.forEachChild(node, (child) => scan(child, true));
      return;
    }
    if (!inFunction && ts.isClassDeclaration(node) && node.name !== undefined) declare(node.name.text);
    if (!inFunction && ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0) {
      for (const declaration of node.declarations) if (ts.isIdentifier(declaration.name)) declare(declaration.name.text);
    }
    // A property's name is not a read of a binding (`Math.LN2`, `{ LN2: 1 }`); its value may be.
    if (ts.isPropertyAccessExpression(node)) {
      scan(node.expression, inFunction);
      return;
    }
    if (ts.isPropertyAssignment(node) && !ts.isComputedPropertyName(node.name)) {
      scan(node.initializer, inFunction);
      return;
    }
    if (!inFunction && ts.isIdentifier(node)) {
      const reads = immediateReads.get(node.text) ?? [];
      reads.push(node.getStart(file));
      immediateReads.set(node.text, reads);
    }
    ts.forEachChild(node, (child) => scan(child, inFunction));
  };
  scan(file, false);

  const starts = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    if ((list.flags & ts.NodeFlags.BlockScoped) !== 0) continue;
    const end = statement.getEnd();
    const eligible = list.declarations.every((d) => {
      if (!ts.isIdentifier(d.name) || d.initializer === undefined) return false;
      const name = d.name.text;
      if (declared.get(name) !== 1 || assigned.has(name)) return false;
      // Read before the statement ends — in its own initialiser or earlier — other than as its own name.
      const own = d.name.getStart(file);
      return (immediateReads.get(name) ?? []).every((at) => at === own || at >= end);
    });
    if (!eligible) continue;
    const start = list.getStart(file);
    if (text.slice(start, start + 4) !== "var ") continue;
    starts.push(start);
  }
  let out = "";
  let from = 0;
  for (const start of starts) {
    out += `${text.slice(from, start)}const`;
    from = start + 3;
  }
  return { text: out + text.slice(from), converted: starts.length };
}
