import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 28 },
  mark: { fill: '#7df3e1' },
});

/** Three paving stones: the Paved mark, drawn in a 32×34 box. */
export const PavedMark = () => {
  const classes = useStyles();
  return (
    <g className={classes.mark}>
      <rect x="0" y="2" width="14" height="14" rx="2" />
      <rect x="16" y="2" width="14" height="14" rx="2" opacity="0.7" />
      <rect x="8" y="18" width="14" height="14" rx="2" opacity="0.85" />
    </g>
  );
};

/** The Paved mark alone, for the collapsed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 32 34"
      role="img"
      aria-label="Paved"
    >
      <PavedMark />
    </svg>
  );
};
