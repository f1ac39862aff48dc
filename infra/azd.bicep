// Entry point for the Azure Developer CLI (azure.yaml; `azd up` provisions with it, then deploys functions/ to the
// app). azd deploys at subscription scope: this creates the environment's resource group, tagged so azd finds it
// again, and deploys main.bicep into it with main's defaults for every app setting. The app carries the tag by which
// azd finds where to deploy the service. To set other parameters, deploy main.bicep itself (docs/deploy.md, section 1).
targetScope = 'subscription'

@description('Name of the azd environment (AZURE_ENV_NAME); the resource group is rg-{name}.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Region of the resource group and every resource (AZURE_LOCATION).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Short name the resource names start with (main.bicep\'s appName: 3-11 lower-case letters and digits).')
@minLength(3)
@maxLength(11)
param appName string

@description('The service in azure.yaml that is deployed to the Function App.')
var serviceName = 'api'

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: {
    'azd-env-name': environmentName
  }
}

module app 'main.bicep' = {
  name: 'main'
  scope: group
  params: {
    appName: appName
    location: location
    functionAppTags: {
      'azd-service-name': serviceName
    }
  }
}

@description('Name of the Function App.')
output AZURE_FUNCTION_APP_NAME string = app.outputs.functionAppName

@description('Base URL of the app; the HTTP API is under /api.')
output AZURE_FUNCTION_APP_URL string = app.outputs.functionAppUrl
