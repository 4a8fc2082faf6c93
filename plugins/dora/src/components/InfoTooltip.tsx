import InfoOutlinedIcon from '@material-ui/icons/InfoOutlined';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';

/** An ⓘ button that shows a metric's definition on hover or focus. */
export function InfoTooltip(props: { title: string; definition: string }) {
  return (
    <Tooltip
      describeChild
      title={
        <Typography variant="caption" component="div">
          {props.definition}
        </Typography>
      }
    >
      <IconButton size="small" aria-label={`About ${props.title}`}>
        <InfoOutlinedIcon fontSize="small" />
      </IconButton>
    </Tooltip>
  );
}
