// esbuild writes every top-level const, let and class of a bundle as `var` — deliberately, with no option to
// keep them (https://github.com/evanw/esbuild/issues/623). V8 folds a module's `const` bindings into the code
// that reads them (a number, or a typed array's base and length), but must load a `var` binding and its
// contents at every use. The samplers' inner loops read such module constants — tableExp's and the
// ziggurat's tables, the row passes' limits — and salamander's IMSA ran 9 % slower from the bundle than from
// the sources (5.27 against 4.79 s in-process) until this pass gave the constants back:
//
// every top-level `var` statement whose declarators all have an initialiser, declare simple names that no
// other top-level statement declares, and are never the target of an assignment, ++/-- or for-in/of
// anywhere in the file (in any scope: a shadowing local that is assigned keeps the top-level one a `var`,
// which is only conservative) becomes `const`. TypeScript's parser reads the bundle (a JavaScript parse, no
// type checking). A `const` read before its initialisation throws where a `var` read undefined; that can
// only happen while the bundle's modules are evaluated, which every run of the bundle does first, so such a
// read would break every command and test at once rather than hide.

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

  // How many times each name is declared at the top level (a `const` may be declared once only).
  const declared = new Map();
  const declare = (name) => declared.set(name, (declared.get(name) ?? 0) + 1);
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) declare(declaration.name.text);
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name !== undefined) {
      declare(statement.name.text);
    }
  }

  const starts = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    if ((list.flags & ts.NodeFlags.BlockScoped) !== 0) continue;
    const eligible = list.declarations.every(
      (d) => ts.isIdentifier(d.name) && d.initializer !== undefined && declared.get(d.name.text) === 1 && !assigned.has(d.name.text),
    );
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
