// Application Insights on a Log Analytics workspace. Local (instrumentation key) auth is off: the app publishes
// telemetry as its managed identity, which gets the Monitoring Metrics Publisher role here.

param name string

param location string

@description('Principal (the app\'s managed identity) allowed to publish telemetry.')
param publisherPrincipalId string

@description('Resource id of that identity: known before deployment, so role assignment names are too.')
param principalResourceId string

@description('Days the workspace keeps logs.')
param retentionInDays int = 30

var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${name}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource publisherRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: applicationInsights
  name: guid(applicationInsights.id, principalResourceId, monitoringMetricsPublisher)
  properties: {
    principalId: publisherPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
  }
}

@description('Where telemetry goes. Not a secret: with local auth off, ingestion also needs an Entra token.')
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString
