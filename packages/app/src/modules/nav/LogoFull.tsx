import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 30 },
  mark: { fill: '#7df3e1' },
  text: { fill: '#ffffff', fontFamily: 'Helvetica, Arial, sans-serif' },
});

/** The Paved word mark: three paving stones and the name. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 150 36"
      role="img"
      aria-label="Paved"
    >
      <rect className={classes.mark} x="0" y="2" width="14" height="14" rx="2" />
      <rect className={classes.mark} x="16" y="2" width="14" height="14" rx="2" opacity="0.7" />
      <rect className={classes.mark} x="8" y="18" width="14" height="14" rx="2" opacity="0.85" />
      <text className={classes.text} x="38" y="28" fontSize="28" fontWeight="700">
        Paved
      </text>
    </svg>
  );
};
