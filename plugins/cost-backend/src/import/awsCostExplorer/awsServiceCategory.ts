import { FOCUS_SERVICE_CATEGORIES } from '@internal/plugin-cost-common';

type FocusServiceCategory = (typeof FOCUS_SERVICE_CATEGORIES)[number];

/**
 * Cost Explorer's SERVICE names (as AWS bills them) → FOCUS 1.2
 * ServiceCategory, as AWS's own FOCUS export categorises them. Matched on
 * the words that name the service, so "Amazon Elastic Compute Cloud -
 * Compute" and "EC2 - Other" are both Compute; anything else is Other.
 */
const CATEGORIES: Array<[RegExp, FocusServiceCategory]> = [
  [
    /sagemaker|bedrock|comprehend|rekognition|textract|polly|lex\b|transcribe|translate|kendra|personalize|forecast/i,
    'AI and Machine Learning',
  ],
  [
    /athena|opensearch|elasticsearch|redshift|\bemr\b|elastic mapreduce|kinesis|glue|quicksight|msk|managed streaming|data pipeline|lake formation/i,
    'Analytics',
  ],
  [
    /rds|relational database|dynamodb|elasticache|documentdb|neptune|keyspaces|timestream|memorydb|aurora/i,
    'Databases',
  ],
  [
    /\bs3\b|simple storage|glacier|elastic file system|\befs\b|\bfsx\b|storage gateway|backup|elastic block store|\bebs\b/i,
    'Storage',
  ],
  [
    /cloudfront|route ?53|virtual private cloud|\bvpc\b|direct connect|elastic load balancing|load balanc|api gateway|global accelerator|transit gateway|data transfer|\bnat\b/i,
    'Networking',
  ],
  [
    /\bsqs\b|simple queue|\bsns\b|simple notification|eventbridge|cloudwatch events|step functions|\bmq\b|appsync|\bses\b|simple email/i,
    'Integration',
  ],
  [/\biam\b|identity|cognito|directory service|sso/i, 'Identity'],
  [
    /guardduty|security hub|\bwaf\b|shield|key management|\bkms\b|secrets manager|certificate manager|inspector|macie|firewall/i,
    'Security',
  ],
  [
    /cloudwatch|cloudtrail|\bconfig\b|systems manager|cloudformation|organizations|control tower|trusted advisor|\bsupport\b|cost explorer/i,
    'Management and Governance',
  ],
  [
    /codebuild|codepipeline|codecommit|codedeploy|codeartifact|cloud9|x-ray|codeguru/i,
    'Developer Tools',
  ],
  [
    /ec2|elastic compute|lambda|fargate|\becs\b|elastic container|\beks\b|kubernetes|lightsail|batch|elastic beanstalk|app runner|outposts/i,
    'Compute',
  ],
  [/iot/i, 'Internet of Things'],
  [/elemental|media|ivs|interactive video/i, 'Media'],
  [
    /migration|database migration|\bdms\b|snowball|datasync|transfer family|application discovery/i,
    'Migration',
  ],
  [/amplify|device farm|pinpoint/i, 'Mobile'],
  [
    /workspaces|appstream|chime|connect|workmail|workdocs/i,
    'Business Applications',
  ],
];

export function awsServiceCategory(serviceName: string): FocusServiceCategory {
  return (
    CATEGORIES.find(([pattern]) => pattern.test(serviceName))?.[1] ?? 'Other'
  );
}
