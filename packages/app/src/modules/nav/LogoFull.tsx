import { makeStyles } from '@material-ui/core';
import { PavedMark } from './LogoIcon';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 30 },
  text: { fill: '#ffffff', fontFamily: 'Helvetica, Arial, sans-serif' },
});

/** The Paved word mark: the mark and the name. */
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
      <PavedMark />
      <text className={classes.text} x="38" y="28" fontSize="28" fontWeight="700">
        Paved
      </text>
    </svg>
  );
};
