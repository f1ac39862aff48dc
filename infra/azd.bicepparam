// Parameters of azd.bicep, from the azd environment (azd sets AZURE_ENV_NAME and AZURE_LOCATION; `azd env set
// AZURE_APP_NAME name` picks the resource names' start).
using 'azd.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME')

param location = readEnvironmentVariable('AZURE_LOCATION')

param appName = readEnvironmentVariable('AZURE_APP_NAME', 'journeyfn')
