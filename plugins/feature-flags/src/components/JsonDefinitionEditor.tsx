import {
  FlagDefinition,
  FlagDefinitionProblem,
  SharedEvaluators,
  validateFlagDefinition,
} from '@internal/plugin-feature-flags-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import { useMemo, useState } from 'react';
import { ProposedChange } from './ReviewChangeDialog';

const pretty = (definition: FlagDefinition) =>
  JSON.stringify(definition, null, 2);

type Checked =
  | { valid: true; definition: FlagDefinition }
  | { valid: false; problems: FlagDefinitionProblem[] };

/** The text as JSON, checked with the backend's own validator. */
function check(text: string, evaluators: SharedEvaluators): Checked {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      valid: false,
      problems: [
        { path: '', message: `is not JSON: ${(error as Error).message}` },
      ],
    };
  }
  const result = validateFlagDefinition(parsed, { evaluators });
  return result.valid
    ? { valid: true, definition: result.definition }
    : { valid: false, problems: result.problems };
}

/**
 * The definition as flagd JSON, for what the ladder does not write
 * (string variants, targeting rules of one's own). Validated as you type;
 * problems are listed with their JSON path and block the save.
 */
export function JsonDefinitionEditor(props: {
  flagKey: string;
  environment: string;
  definition: FlagDefinition;
  evaluators: SharedEvaluators;
  onPropose(change: ProposedChange): void;
}) {
  const { flagKey, environment, definition, evaluators, onPropose } = props;
  const original = pretty(definition);
  // The text and the definition it started from: a new version replaces an
  // untouched text, never an edit (which survives a conflict and a reload).
  const [edit, setEdit] = useState({ from: original, text: original });
  if (edit.from !== original && edit.text === edit.from) {
    setEdit({ from: original, text: original });
  }
  const text = edit.text;
  const setText = (next: string) => setEdit({ from: edit.from, text: next });
  const checked = useMemo(() => check(text, evaluators), [text, evaluators]);
  const unchanged = checked.valid && pretty(checked.definition) === original;

  return (
    <Box component="section" aria-label={`JSON definition in ${environment}`}>
      <TextField
        label={`Definition in ${environment} (flagd JSON)`}
        value={text}
        onChange={event => setText(event.target.value)}
        multiline
        fullWidth
        minRows={8}
        error={!checked.valid}
        inputProps={{
          spellCheck: false,
          style: { fontFamily: 'monospace', fontSize: 13 },
        }}
      />
      {!checked.valid && (
        <Alert severity="error" sx={{ mt: 1 }}>
          <Box component="ul" aria-label="Problems" sx={{ m: 0, pl: 2 }}>
            {checked.problems.map((problem, i) => (
              <li key={i}>
                <code>{problem.path || '(root)'}</code>: {problem.message}
              </li>
            ))}
          </Box>
        </Alert>
      )}
      <Box display="flex" gap={1} mt={1}>
        <Button
          variant="contained"
          disabled={!checked.valid || unchanged}
          onClick={() => {
            if (!checked.valid) return;
            const edited = checked.definition;
            onPropose({
              title: `Edit ${flagKey} in ${environment}`,
              confirmLabel: 'Save',
              // The edit is what was written, whatever the latest version holds.
              apply: () => edited,
            });
          }}
        >
          Review change
        </Button>
        <Button
          onClick={() => setEdit({ from: original, text: original })}
          disabled={text === original}
        >
          Reset to the saved version
        </Button>
      </Box>
    </Box>
  );
}
