// The OpenAI cookbook's weather tool ("How to count tokens with tiktoken", tool calls): its rule gives
// 68 tokens on gpt-4o, worked out in test/request-parts.test.ts. Shared by the tests of every format.
export const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_current_weather',
    description: 'Get the current weather in a given location',
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
        unit: { type: 'string', description: 'The unit of temperature to return', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['location'],
    },
  },
};
