"""Scratch module for trying patterns."""
import asyncio
